package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.tui.screen.RolloutConsole.View;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key and command of the console, what it does and on which screens. The console looks keys up here and
 * acts only on those of the screen shown, and the help lists this table, so the help names exactly the keys
 * that work.
 */
final class Keys {
    /** What a key or a command does; the console carries it out. */
    enum Does {
        DOWN, UP, PAGE_DOWN, PAGE_UP, FIRST, LAST, OPEN, BACK, FILTER, COMMAND, HELP, QUIT, NAMESPACE, ROLLOUTS, DORA,
        ABORT("a", CommandAction.ABORT, "abort"), PAUSE("space", CommandAction.PAUSE, "pause"),
        PROMOTE("p", CommandAction.PROMOTE, "promote"), PROMOTE_FULL("P", CommandAction.PROMOTE_FULL, "full"),
        ROLLBACK("r", CommandAction.ROLLBACK, "rollback");

        private final String key;
        private final CommandAction action;
        private final String hint;

        Does() {
            this(null, null, null);
        }

        Does(String key, CommandAction action, String hint) {
            this.key = key;
            this.action = action;
            this.hint = hint;
        }

        /** The rollout action, for the action keys; space's is pause, which resumes a paused rollout. */
        Optional<CommandAction> action() {
            return Optional.ofNullable(action);
        }

        /** The key that sends the action, as the help writes it. */
        String key() {
            return key;
        }

        /** The action's name in the key bar, where room is short. */
        String hint() {
            return hint;
        }
    }

    /** One key: a character (with ctrl or not) or a special key, by the name the help gives it. */
    record Stroke(String name, KeyType type, char character, boolean ctrl, Does does) {
        boolean matches(KeyStroke key) {
            if (key.getKeyType() != type) {
                return false;
            }
            return type != KeyType.Character
                    || key.getCharacter() == character && key.isCtrlDown() == ctrl && !key.isAltDown();
        }
    }

    /** A command typed after {@code :}: its words, the first as the help writes it. */
    record Command(List<String> words, Does does) {
    }

    /**
     * One line of the help: its keys as written there, the strokes and commands behind them, and what they do
     * on each screen where they work (a screen without an entry ignores them).
     */
    record Row(String label, List<Stroke> strokes, List<Command> commands, Map<View, String> what,
            Optional<CommandAction> action) {
        boolean worksOn(View view) {
            return what.containsKey(view);
        }
    }

    private static final List<Row> ROWS = rows();

    private Keys() {
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new RowBuilder("j / ↓, k / ↑").key('j', Does.DOWN).key(KeyType.ArrowDown, "↓", Does.DOWN)
                .key('k', Does.UP).key(KeyType.ArrowUp, "↑", Does.UP)
                .on(View.LIST, "next, previous rollout").on(View.DETAIL, "scroll down, up")
                .on(View.DORA, "scroll down, up").build());
        rows.add(new RowBuilder("PgDn, PgUp").key(KeyType.PageDown, "PgDn", Does.PAGE_DOWN)
                .key(KeyType.PageUp, "PgUp", Does.PAGE_UP)
                .on(View.LIST, "a page down, up").on(View.DETAIL, "scroll a page down, up")
                .on(View.DORA, "scroll a page down, up").build());
        rows.add(new RowBuilder("g, G, Home, End").key('g', Does.FIRST).key(KeyType.Home, "Home", Does.FIRST)
                .key('G', Does.LAST).key(KeyType.End, "End", Does.LAST)
                .on(View.LIST, "first, last rollout").on(View.DETAIL, "top, bottom").on(View.DORA, "top, bottom")
                .build());
        rows.add(new RowBuilder("enter").key(KeyType.Enter, "enter", Does.OPEN)
                .on(View.LIST, "open the selected rollout").build());
        rows.add(new RowBuilder("esc, backspace").key(KeyType.Escape, "esc", Does.BACK)
                .key(KeyType.Backspace, "backspace", Does.BACK)
                .on(View.LIST, "clear the filter").on(View.DETAIL, "back to the rollouts list")
                .on(View.DORA, "back to the rollouts list").on(View.HELP, "close the help").build());
        rows.add(new RowBuilder("/").key('/', Does.FILTER)
                .on(View.LIST, "filter by name, phase or strategy (esc clears)").build());
        rows.add(new RowBuilder(":ns NAME").command(Does.NAMESPACE, "ns", "namespace")
                .on(View.LIST, "show one namespace; :ns all shows every namespace")
                .on(View.DETAIL, "the rollouts list of one namespace; :ns all of every one")
                .on(View.DORA, "the rollouts list of one namespace; :ns all of every one")
                .on(View.HELP, "the rollouts list of one namespace").build());
        rows.add(new RowBuilder(":rollouts").command(Does.ROLLOUTS, "rollouts", "rollout", "ro")
                .on(View.LIST, "this list, from every screen")
                .on(View.DETAIL, "back to the rollouts list").on(View.DORA, "back to the rollouts list")
                .on(View.HELP, "the rollouts list").build());
        rows.add(new RowBuilder(":dora").command(Does.DORA, "dora")
                .on(View.LIST, "the four DORA keys of every service, with their trend")
                .on(View.DETAIL, "the four DORA keys of every service, with their trend")
                .on(View.HELP, "the DORA screen").build());
        rows.add(new RowBuilder("?, :help").key('?', Does.HELP).command(Does.HELP, "help", "h")
                .on(View.LIST, "this help; ? or esc closes it").on(View.DETAIL, "this help; ? or esc closes it")
                .on(View.DORA, "this help; ? or esc closes it").on(View.HELP, "close the help").build());
        rows.add(new RowBuilder("q, :q, ctrl-c").key('q', Does.QUIT).ctrl('c', Does.QUIT)
                .command(Does.QUIT, "q", "q!", "quit")
                .on(View.LIST, "quit").on(View.DETAIL, "quit").on(View.DORA, "quit").on(View.HELP, "quit").build());
        for (Does does : Does.values()) {
            does.action().ifPresent(a -> {
                String key = does.key();
                char c = key.equals("space") ? ' ' : key.charAt(0);
                rows.add(new RowBuilder(key).key(c, key, does).action(a).on(View.LIST, a.effect())
                        .on(View.DETAIL, a.effect()).build());
            });
        }
        return List.copyOf(rows);
    }

    /** The action keys, in the key bar's order. */
    static List<Does> actionKeys() {
        return java.util.Arrays.stream(Does.values()).filter(d -> d.action != null).toList();
    }

    /** The rows that work on {@code view}, in the help's order. */
    static List<Row> on(View view) {
        return ROWS.stream().filter(r -> r.worksOn(view)).toList();
    }

    /** Whether {@code view} takes commands after {@code :}. */
    static boolean takesCommands(View view) {
        return on(view).stream().anyMatch(r -> !r.commands().isEmpty());
    }

    /** What {@code key} does on {@code view}, if anything. */
    static Optional<Does> of(KeyStroke key, View view) {
        for (Row row : on(view)) {
            for (Stroke s : row.strokes()) {
                if (s.matches(key)) {
                    return Optional.of(s.does());
                }
            }
        }
        if (key.getKeyType() == KeyType.Character && key.getCharacter() == ':' && !key.isCtrlDown()
                && takesCommands(view)) {
            return Optional.of(Does.COMMAND);
        }
        return Optional.empty();
    }

    /** The keys that work even while a prompt is open: ctrl-c quits from anywhere. */
    static boolean quitsAnywhere(KeyStroke key) {
        return ROWS.stream().flatMap(r -> r.strokes().stream())
                .anyMatch(s -> s.ctrl() && s.does() == Does.QUIT && s.matches(key));
    }

    /** What the command word {@code word} does on {@code view}, if it is one there. */
    static Optional<Does> command(String word, View view) {
        for (Row row : on(view)) {
            for (Command c : row.commands()) {
                if (c.words().contains(word)) {
                    return Optional.of(c.does());
                }
            }
        }
        return Optional.empty();
    }

    /** The commands of {@code view} as the help writes them, for a message naming them. */
    static List<String> commandLabels(View view) {
        return on(view).stream().filter(r -> !r.commands().isEmpty())
                .map(r -> r.commands().get(0)).map(c -> ":" + c.words().get(0)
                        + (c.does() == Does.NAMESPACE ? " NAME" : "")).toList();
    }

    private static final class RowBuilder {
        private final String label;
        private final List<Stroke> strokes = new ArrayList<>();
        private final List<Command> commands = new ArrayList<>();
        private final Map<View, String> what = new EnumMap<>(View.class);
        private CommandAction action;

        RowBuilder(String label) {
            this.label = label;
        }

        RowBuilder key(char c, Does does) {
            return key(c, String.valueOf(c), does);
        }

        RowBuilder key(char c, String name, Does does) {
            strokes.add(new Stroke(name, KeyType.Character, c, false, does));
            return this;
        }

        RowBuilder ctrl(char c, Does does) {
            strokes.add(new Stroke("ctrl-" + c, KeyType.Character, c, true, does));
            return this;
        }

        RowBuilder key(KeyType type, String name, Does does) {
            strokes.add(new Stroke(name, type, '\0', false, does));
            return this;
        }

        RowBuilder command(Does does, String... words) {
            commands.add(new Command(List.of(words), does));
            return this;
        }

        RowBuilder on(View view, String text) {
            what.put(view, text);
            return this;
        }

        RowBuilder action(CommandAction a) {
            this.action = a;
            return this;
        }

        Row build() {
            return new Row(label, List.copyOf(strokes), List.copyOf(commands), Map.copyOf(what),
                    Optional.ofNullable(action));
        }
    }
}
