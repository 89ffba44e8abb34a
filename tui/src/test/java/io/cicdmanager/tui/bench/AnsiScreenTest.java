package io.cicdmanager.tui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnsiScreenTest {
    private static void feed(AnsiScreen screen, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        screen.feed(bytes, 0, bytes.length);
    }

    @Test
    void placesTextWhereTheCursorWasMovedAndIgnoresColours() {
        AnsiScreen screen = new AnsiScreen(20, 4);
        feed(screen, "\u001b[?1049h\u001b[2J\u001b[1;1H\u001b[1m\u001b[36mcicd\u001b[0m │ list");
        feed(screen, "\u001b[3;5Hrow three\r\nnext");
        assertThat(screen.row(0)).isEqualTo("cicd │ list");
        assertThat(screen.row(2)).isEqualTo("    row three");
        assertThat(screen.row(3)).isEqualTo("next");
    }

    @Test
    void aDeltaRefreshChangesOnlyTheCellsItWrites() {
        AnsiScreen screen = new AnsiScreen(30, 2);
        feed(screen, "\u001b[1;1Hfan/r000  10%/10%");
        feed(screen, "\u001b[1;11H37\u001b[1;15H37");
        assertThat(screen.row(0)).isEqualTo("fan/r000  37%/37%");
        feed(screen, "\u001b[1;9H\u001b[K");
        assertThat(screen.row(0)).isEqualTo("fan/r000");
        feed(screen, "\u001b[2;1Habc\u001b[2Dx\u001b[1Cy\u001b[3Gz\u001b[Aq\u001b[Bw\bv");
        assertThat(screen.row(1)).isEqualTo("axzyv");
        assertThat(screen.text()).startsWith("fanqr000\n");
    }

    @Test
    void aCharacterSplitAcrossReadsIsNotLost() {
        AnsiScreen screen = new AnsiScreen(10, 1);
        byte[] bytes = "◌ ok".getBytes(StandardCharsets.UTF_8);
        screen.feed(bytes, 0, 2);
        screen.feed(bytes, 2, bytes.length - 2);
        assertThat(screen.row(0)).isEqualTo("◌ ok");
        feed(screen, "\u001b7\u001b[1;:H\u001b[99;99Hend");
        assertThat(screen.row(0)).isEqualTo("◌ ok     e");
    }
}
