package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import io.cicdmanager.tui.model.Tone;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns tones into colours, the same way on every screen: added blue, modified green, pending yellow, failed
 * red, completed grey-blue, muted grey. Under NO_COLOR only bold and reverse remain, so failures and the
 * selection still stand out.
 */
public final class Palette {
    private final Map<Tone, Style> styles = new EnumMap<>(Tone.class);
    private final boolean colour;

    /** How one tone is drawn. */
    public record Style(TextColor foreground, TextColor background, Set<SGR> modifiers) {
    }

    private Palette(boolean colour) {
        this.colour = colour;
        put(Tone.NORMAL, TextColor.ANSI.DEFAULT);
        put(Tone.ADDED, TextColor.ANSI.CYAN);
        put(Tone.MODIFIED, TextColor.ANSI.GREEN);
        put(Tone.PENDING, TextColor.ANSI.YELLOW);
        put(Tone.FAILED, TextColor.ANSI.RED, SGR.BOLD);
        put(Tone.COMPLETED, TextColor.ANSI.BLUE);
        put(Tone.HIGHLIGHT, TextColor.ANSI.DEFAULT, SGR.REVERSE);
        put(Tone.MUTED, TextColor.ANSI.BLACK_BRIGHT);
        put(Tone.TITLE, TextColor.ANSI.CYAN, SGR.BOLD);
    }

    /** Colours unless NO_COLOR is set (to anything non-empty), as no-color.org asks. */
    public static Palette forNoColor(boolean noColor) {
        return new Palette(!noColor);
    }

    public boolean colour() {
        return colour;
    }

    public Style style(Tone tone) {
        return styles.get(tone);
    }

    private void put(Tone tone, TextColor colourWhenOn, SGR... modifiers) {
        TextColor fg = colour ? colourWhenOn : TextColor.ANSI.DEFAULT;
        Set<SGR> sgr = modifiers.length == 0 ? EnumSet.noneOf(SGR.class) : EnumSet.of(modifiers[0], modifiers);
        styles.put(tone, new Style(fg, TextColor.ANSI.DEFAULT, Set.copyOf(sgr)));
    }
}
