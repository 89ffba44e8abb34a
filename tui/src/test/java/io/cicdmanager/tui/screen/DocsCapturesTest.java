package io.cicdmanager.tui.screen;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The screens in docs/tui.md are what the console draws: each capture there must match the virtual terminal's
 * text for the fixtures. A changed screen writes its new capture under target/tui-captures to paste in.
 */
class DocsCapturesTest {
    private static final Path DOC = Path.of("../docs/tui.md");

    private static RolloutConsole console(RolloutBoard board, Access access) {
        return new RolloutConsole(board, new RecordingActions(), Fixtures.dora(), access, Palette.forNoColor(true),
                Clock.fixed(Fixtures.NOW, ZoneOffset.UTC), Runnable::run, null);
    }

    static Map<String, String> captures() {
        RolloutBoard board = new RolloutBoard();
        board.replaceAll(Fixtures.all());
        Access alice = new Access(new Actor("alice", "SHA256:q9T1abc"), Role.OPERATOR, false);
        Map<String, String> out = new LinkedHashMap<>();

        RolloutConsole list = console(board, alice);
        out.put("list", new VirtualScreen(120, 10).draw(list));

        RolloutConsole detail = console(board, alice);
        detail.handle(new KeyStroke('j', false, false));
        detail.handle(new KeyStroke(KeyType.Enter));
        out.put("detail", new VirtualScreen(130, 38).draw(detail));

        RolloutConsole confirm = console(board, alice);
        confirm.handle(new KeyStroke('j', false, false));
        confirm.handle(new KeyStroke('a', false, false));
        out.put("confirm", last(new VirtualScreen(120, 10).draw(confirm)));

        RolloutConsole narrow = console(board, alice);
        out.put("narrow", new VirtualScreen(72, 9).draw(narrow));

        RolloutConsole viewer = console(board, new Access(new Actor("bob", "SHA256:x1"), Role.VIEWER, false));
        viewer.handle(new KeyStroke('a', false, false));
        String viewerScreen = new VirtualScreen(120, 10).draw(viewer);
        out.put("viewer", String.join("\n", viewerScreen.lines().skip(8).toList()));

        RolloutConsole help = console(board, alice);
        help.handle(new KeyStroke('?', false, false));
        out.put("help", new VirtualScreen(110, 29).draw(help));

        RolloutConsole dora = console(board, alice);
        for (char c : ":dora".toCharArray()) {
            dora.handle(new KeyStroke(c, false, false));
        }
        dora.handle(new KeyStroke(KeyType.Enter));
        out.put("dora", new VirtualScreen(104, 23).draw(dora));
        return out;
    }

    private static String block(String capture) {
        return "```text\n" + capture.stripTrailing() + "\n```";
    }

    private static String last(String screen) {
        String[] lines = screen.split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void theDocsShowWhatTheConsoleDraws() throws IOException {
        Path dir = Path.of("target/tui-captures");
        Files.createDirectories(dir);
        Map<String, String> captures = captures();
        for (Map.Entry<String, String> e : captures.entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".txt"), block(e.getValue()) + "\n");
        }
        String doc = Files.readString(DOC);
        for (Map.Entry<String, String> e : captures.entrySet()) {
            String block = block(e.getValue());
            assertThat(doc).as("docs/tui.md shows the %s screen as drawn (new capture in %s)", e.getKey(),
                    dir.resolve(e.getKey() + ".txt")).contains(block);
        }
    }
}
