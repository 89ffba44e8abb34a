package io.cicdmanager.tui.screen;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.Actor;
import io.cicdmanager.tui.model.CommandStatus;
import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.model.Role;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutConsoleTest {
    private static final Actor ALICE = new Actor("alice", "SHA256:q9T1abc");
    private static final Actor BOB = new Actor("bob", "SHA256:x1");

    private final RolloutBoard board = new RolloutBoard();
    private final RecordingActions actions = new RecordingActions();
    private final DoraBoard dora = Fixtures.dora();
    private final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);

    @BeforeEach
    void fill() {
        board.replaceAll(Fixtures.all());
    }

    private RolloutConsole console(Access access, boolean noColor) {
        return new RolloutConsole(board, actions, dora, access, Palette.forNoColor(noColor), clock, Runnable::run, null);
    }

    private RolloutConsole operator() {
        return console(new Access(ALICE, Role.OPERATOR, false), true);
    }

    /** An operator's console whose DORA screen reads {@code figures}. */
    private RolloutConsole operator(DoraBoard figures) {
        return new RolloutConsole(board, actions, figures, new Access(ALICE, Role.OPERATOR, false),
                Palette.forNoColor(true), clock, Runnable::run, null);
    }

    private static void type(RolloutConsole console, String keys) {
        for (char c : keys.toCharArray()) {
            console.handle(new KeyStroke(c, false, false));
        }
    }

    private static void press(RolloutConsole console, KeyType type) {
        console.handle(new KeyStroke(type));
    }

    /** Types {@code :command} and enter. */
    private static void colon(RolloutConsole console, String command) {
        type(console, ":" + command);
        press(console, KeyType.Enter);
    }

    @Test
    void listShowsEveryRolloutWithPhaseStepWeightsVerdictAgeAndHeartbeat() {
        VirtualScreen screen = new VirtualScreen(120, 20);
        String text = screen.draw(operator());
        assertThat(text).contains("NAMESPACE/NAME", "STRATEGY", "PHASE", "STEP", "SET/ACTUAL", "VERDICT", "AGE",
                "HEARTBEAT", "4/4 rollouts", "alice (operator)");
        String checkout = screen.lines().get(screen.rowOf("prod/checkout"));
        assertThat(checkout).contains("canary", "◌ Progressing", "3/6", "25%/24%", "✔ Pass", "12m", "3s ago");
        assertThat(screen.lines().get(screen.rowOf("prod/payments"))).contains("‖ Paused", "2/4", "10%/10%");
        assertThat(screen.lines().get(screen.rowOf("prod/cart"))).contains("↩ RolledBack", "✖ Fail");
        assertThat(screen.lines().get(screen.rowOf("staging/search")))
                .contains("⚠ staging/search", "⚠ ORPHANED 2m", "? Inconclusive");
    }

    @Test
    void phasesAndOrphansAreColouredAndNoColorTakesColourAway() {
        VirtualScreen coloured = new VirtualScreen(120, 20);
        coloured.draw(console(new Access(ALICE, Role.OPERATOR, false), false));
        int progressing = coloured.rowOf("◌ Progressing");
        int column = coloured.lines().get(progressing).indexOf("◌");
        assertThat(coloured.at(column, progressing).getForegroundColor()).isEqualTo(TextColor.ANSI.GREEN);
        int orphan = coloured.rowOf("ORPHANED");
        assertThat(coloured.at(0, orphan).getForegroundColor()).isEqualTo(TextColor.ANSI.RED);

        VirtualScreen plain = new VirtualScreen(120, 20);
        plain.draw(operator());
        int row = plain.rowOf("ORPHANED");
        for (int c = 0; c < 120; c++) {
            assertThat(plain.at(c, row).getForegroundColor()).isEqualTo(TextColor.ANSI.DEFAULT);
        }
    }

    @Test
    void selectionMovesWithJAndKAndIsReversed() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        screen.draw(console);
        assertThat(screen.reversed(0, screen.rowOf("prod/cart"))).isTrue();
        type(console, "j");
        screen.draw(console);
        assertThat(screen.reversed(0, screen.rowOf("prod/checkout"))).isTrue();
        assertThat(screen.reversed(0, screen.rowOf("prod/cart"))).isFalse();
        press(console, KeyType.End);
        screen.draw(console);
        assertThat(screen.reversed(0, screen.rowOf("staging/search"))).isTrue();
        type(console, "k");
        screen.draw(console);
        assertThat(screen.reversed(0, screen.rowOf("prod/payments"))).isTrue();
        press(console, KeyType.Home);
        press(console, KeyType.ArrowDown);
        press(console, KeyType.ArrowUp);
        screen.draw(console);
        assertThat(screen.reversed(0, screen.rowOf("prod/cart"))).isTrue();
    }

    @Test
    void slashFiltersAsYouTypeAndEscapeClears() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        type(console, "/pay");
        String typing = screen.draw(console);
        assertThat(typing).contains("prod/payments", "/pay").doesNotContain("prod/checkout");
        press(console, KeyType.Enter);
        assertThat(screen.draw(console)).contains("filter: pay", "1/4 rollouts");
        type(console, "/");
        press(console, KeyType.Backspace);
        press(console, KeyType.Backspace);
        press(console, KeyType.Backspace);
        type(console, "zzz");
        press(console, KeyType.Enter);
        assertThat(screen.draw(console)).contains("no rollouts match 'zzz'");
        press(console, KeyType.Escape);
        assertThat(screen.draw(console)).contains("prod/checkout", "4/4 rollouts");
        type(console, "/orph");
        press(console, KeyType.Escape);
        assertThat(screen.draw(console)).contains("4/4 rollouts");
    }

    @Test
    void colonNsSwitchesNamespaceAndUnknownCommandsAreNamed() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        colon(console, "ns staging");
        String staging = screen.draw(console);
        assertThat(staging).contains("ns: staging", "staging/search", "namespace: staging")
                .doesNotContain("prod/checkout");
        colon(console, "ns nowhere");
        assertThat(screen.draw(console)).contains("no rollouts in namespace nowhere");
        colon(console, "ns all");
        assertThat(screen.draw(console)).contains("ns: all", "prod/checkout");
        colon(console, "frobnicate");
        assertThat(screen.draw(console)).contains("unknown command ':frobnicate'");
        colon(console, "help");
        assertThat(screen.draw(console)).contains("Keys on the rollouts list screen");
        colon(console, "rollouts");
        assertThat(console.view()).isEqualTo(RolloutConsole.View.LIST);
        colon(console, "q");
        assertThat(console.quitRequested()).isTrue();
    }

    @Test
    void enterOpensTheDetailWithTheArgoFieldsAndTheNumbersBehindThem() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(140, 45);
        type(console, "j");
        press(console, KeyType.Enter);
        String text = screen.draw(console);
        assertThat(console.view()).isEqualTo(RolloutConsole.View.DETAIL);
        assertThat(text).contains("rollout prod/checkout", "Status:", "◌ Progressing — canary at 25%, analysis running",
                "Strategy:       Canary", "Step:         3/6", "SetWeight:    25", "ActualWeight: 24",
                "registry.example/checkout:2.4.0 (stable)", "registry.example/checkout:2.4.1 (canary)",
                "Desired:      10", "Ready:        10", "heartbeat 3s ago", "Started:        12m ago");
        assertThat(text).contains("● stable  checkout-7f9c  8/8 ready", "● canary  checkout-canary-5d2b  2/2 ready",
                "✔ checkout-canary-5d2b-h7t4c  Running  ready  1 restarts");
        assertThat(text).contains("✔ 12 passed", "✖ 0 failed", "? 1 inconclusive");
        assertThat(text).contains("error-rate", "0.42 %", "≤ 1.00 %", "p95-latency", "0.18 s", "≤ 1.00 s",
                "p95-vs-stable", "1.50×", "≤ 3.00×");
        assertThat(text).contains("error rate canary ▄▆██", "▁", "█", "P95", "weight");
        assertThat(text).contains("Events and audit (latest first)", "StepAdvanced", "step 3/6: weight 25%",
                "alice (SHA256:q9T1…)", "resume “dashboards look fine” → acknowledged");
        int status = screen.rowOf("Status:");
        assertThat(screen.lines().get(status)).as("two columns at 140").doesNotContain("Analysis");
        assertThat(screen.rowOf("Analysis")).isLessThan(screen.rowOf("Revisions and pods"));
        press(console, KeyType.Escape);
        assertThat(console.view()).isEqualTo(RolloutConsole.View.LIST);
    }

    @Test
    void orphanedAndAcknowledgedCommandsShowInTheDetail() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(140, 45);
        press(console, KeyType.Enter);
        assertThat(screen.draw(console)).contains("↩ RolledBack — error-rate 5.20% > 1.00% at step 2",
                "abort by bob (SHA256:x1) “pager” ✔ acknowledged after 1.0s: traffic on stable");
        assertThat(screen.rowOf("Command:")).isGreaterThan(screen.rowOf("weight"));
        press(console, KeyType.Escape);
        press(console, KeyType.End);
        press(console, KeyType.Enter);
        assertThat(screen.draw(console)).contains("⚠ ORPHANED (heartbeat 2m ago)",
                "⚠ staging/search is orphaned: its engine's last heartbeat was 2m ago. Only rollback (r) acts "
                        + "without the engine.");
    }

    @Test
    void narrowDetailIsOneColumnAndScrolls() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(80, 12);
        type(console, "j");
        press(console, KeyType.Enter);
        String top = screen.draw(console);
        assertThat(top).contains("Name:", "checkout").doesNotContain("Analysis");
        for (int i = 0; i < 30; i++) {
            type(console, "j");
        }
        String lower = screen.draw(console);
        assertThat(lower).doesNotContain("Name:");
        press(console, KeyType.PageUp);
        press(console, KeyType.PageUp);
        press(console, KeyType.PageUp);
        press(console, KeyType.PageUp);
        assertThat(screen.draw(console)).contains("Name:");
        press(console, KeyType.PageDown);
        assertThat(screen.draw(console)).doesNotContain("Name:");
    }

    @Test
    void abortAsksForConfirmationAndAReasonThenSendsItAndShowsTheAcknowledgement() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        type(console, "j");
        type(console, "a");
        assertThat(screen.draw(console)).contains("Abort prod/checkout? traffic goes back to stable now", "[y/N]");
        type(console, "y");
        assertThat(screen.draw(console)).contains("Reason for abort of prod/checkout:");
        press(console, KeyType.Enter);
        assertThat(screen.draw(console)).contains("a reason is required");
        assertThat(actions.sent()).isEmpty();
        type(console, "pagerr");
        press(console, KeyType.Backspace);
        press(console, KeyType.Enter);
        assertThat(actions.sent()).hasSize(1);
        RecordingActions.Sent sent = actions.sent().get(0);
        assertThat(sent.target()).isEqualTo(new RolloutKey("prod", "checkout"));
        assertThat(sent.action()).isEqualTo(CommandAction.ABORT);
        assertThat(sent.actor()).isEqualTo(ALICE.display());
        assertThat(sent.reason()).isEqualTo("pager");
        assertThat(sent.requestedAt()).isEqualTo(Fixtures.NOW);
        assertThat(screen.draw(console)).contains("abort for prod/checkout written by alice; waiting for the engine");

        board.put(Fixtures.checkout().toBuilder().command(new CommandStatus(RecordingActions.idOf(0),
                CommandAction.ABORT, ALICE.display(), "pager", Fixtures.NOW, CommandStatus.State.PENDING, null, ""))
                .build());
        assertThat(screen.draw(console)).contains("waiting for the engine");
        board.put(Fixtures.checkout().toBuilder().command(new CommandStatus(RecordingActions.idOf(0),
                CommandAction.ABORT, ALICE.display(), "pager", Fixtures.NOW, CommandStatus.State.ACKNOWLEDGED,
                Fixtures.NOW.plusMillis(400), "traffic on stable")).build());
        assertThat(screen.draw(console)).contains("✔ engine acknowledged abort of prod/checkout: traffic on stable");
    }

    @Test
    void anEarlierAnswerToTheSameCommandIsNotTakenForTheEnginesAnswerToThisOne() {
        // Alice promoted with "ship it" before and the engine acknowledged that; the record still shows it.
        board.put(Fixtures.checkout().toBuilder().command(new CommandStatus("an-earlier-command",
                CommandAction.PROMOTE, ALICE.display(), "ship it", Fixtures.NOW.minusSeconds(600),
                CommandStatus.State.ACKNOWLEDGED, Fixtures.NOW.minusSeconds(599), "step 2 of 6")).build());
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        type(console, "jp");
        type(console, "y");
        type(console, "ship it");
        press(console, KeyType.Enter);
        assertThat(actions.sent()).extracting(RecordingActions.Sent::action).containsExactly(CommandAction.PROMOTE);
        assertThat(screen.draw(console)).contains("promote for prod/checkout written by alice; waiting for the engine")
                .doesNotContain("engine acknowledged");

        board.put(Fixtures.checkout().toBuilder().command(new CommandStatus(RecordingActions.idOf(0),
                CommandAction.PROMOTE, ALICE.display(), "ship it", Fixtures.NOW, CommandStatus.State.ACKNOWLEDGED,
                Fixtures.NOW.plusMillis(300), "step 3 of 6")).build());
        assertThat(screen.draw(console)).contains("✔ engine acknowledged promote of prod/checkout: step 3 of 6");
    }

    @Test
    void aRejectedCommandAndAFailedWriteAreShownAsFailures() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        type(console, "jp");
        type(console, "y");
        press(console, KeyType.Backspace);
        type(console, "ship it");
        press(console, KeyType.Enter);
        assertThat(actions.sent()).extracting(RecordingActions.Sent::action).containsExactly(CommandAction.PROMOTE);
        board.put(Fixtures.checkout().toBuilder().command(new CommandStatus(RecordingActions.idOf(0),
                CommandAction.PROMOTE, ALICE.display(), "ship it", Fixtures.NOW, CommandStatus.State.REJECTED,
                Fixtures.NOW.plusSeconds(1), "analysis still running")).build());
        assertThat(screen.draw(console)).contains("✖ engine rejected promote of prod/checkout: analysis still running");

        actions.failWith("the record changed under us (409); try again");
        type(console, "Py");
        type(console, "now");
        press(console, KeyType.Enter);
        assertThat(screen.draw(console)).contains("✖ promote-full for prod/checkout was not written: the record "
                + "changed under us (409); try again");
    }

    @Test
    void declinedOrEscapedConfirmationSendsNothing() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        type(console, "jrn");
        assertThat(screen.draw(console)).contains("rollback cancelled: nothing was sent");
        type(console, "ry");
        type(console, "oops");
        press(console, KeyType.Escape);
        assertThat(screen.draw(console)).contains("rollback cancelled");
        type(console, "a");
        press(console, KeyType.Enter);
        assertThat(screen.draw(console)).contains("abort cancelled");
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void spacePausesAProgressingRolloutAndResumesAPausedOne() {
        RolloutConsole console = operator();
        type(console, "j y");
        type(console, "look");
        press(console, KeyType.Enter);
        type(console, "j y");
        type(console, "go");
        press(console, KeyType.Enter);
        assertThat(actions.sent()).extracting(RecordingActions.Sent::action)
                .containsExactly(CommandAction.PAUSE, CommandAction.RESUME);
    }

    @Test
    void actionsThatTheCurrentPhaseDoesNotAllowAreExplained() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        type(console, "p");
        assertThat(screen.draw(console)).contains("promote is not possible: prod/cart is RolledBack");
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void anOrphanedRolloutTakesOnlyRollback() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(140, 20);
        type(console, "G");
        type(console, "a");
        assertThat(screen.draw(console)).contains("abort needs the engine, and staging/search is orphaned");
        type(console, "ry");
        type(console, "engine gone");
        press(console, KeyType.Enter);
        assertThat(actions.sent()).extracting(RecordingActions.Sent::action).containsExactly(CommandAction.ROLLBACK);
    }

    @Test
    void viewersSeeActionKeysGreyedWithTheReasonAndCannotAct() {
        RolloutConsole console = console(new Access(BOB, Role.VIEWER, false), false);
        VirtualScreen screen = new VirtualScreen(160, 20);
        String text = screen.draw(console);
        assertThat(text).contains("bob (viewer)", "(read-only: bob is a viewer)");
        int hints = screen.rowOf("<a>");
        int a = screen.lines().get(hints).indexOf("<a>");
        assertThat(screen.at(a, hints).getForegroundColor()).isEqualTo(TextColor.ANSI.BLACK_BRIGHT);
        for (String key : new String[] {"a", " ", "p", "P", "r"}) {
            type(console, key);
            assertThat(screen.draw(console)).contains("is off — read-only: bob is a viewer");
        }
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void readonlyTurnsActionsOffEvenForAnOperator() {
        RolloutConsole console = console(new Access(ALICE, Role.OPERATOR, true), true);
        VirtualScreen screen = new VirtualScreen(160, 20);
        type(console, "a");
        assertThat(screen.draw(console)).contains("abort is off — read-only: started with --readonly");
        assertThat(actions.sent()).isEmpty();
    }

    @Test
    void helpListsTheKeysOfTheScreenItWasOpenedFromAndTheRole() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 40);
        type(console, "?");
        String list = screen.draw(console);
        assertThat(list).contains("Keys on the rollouts list screen, for alice (operator)", "enter", "open the selected",
                "/", "filter by name", ":ns NAME", "  a               abort", "  space           pause / resume",
                "  p               promote", "  P               promote-full", "  r               rollback",
                "each asks to confirm and for a reason");
        type(console, "a");
        assertThat(actions.sent()).isEmpty();
        type(console, "?");
        press(console, KeyType.Enter);
        type(console, "?");
        assertThat(screen.draw(console)).contains("Keys on the rollout detail screen", "scroll down, up",
                "back to the rollouts list");
        press(console, KeyType.ArrowDown);
        press(console, KeyType.Escape);
        assertThat(console.view()).isEqualTo(RolloutConsole.View.DETAIL);

        RolloutConsole viewer = console(new Access(BOB, Role.VIEWER, false), true);
        type(viewer, "?");
        assertThat(screen.draw(viewer)).contains("for bob (viewer)", "Actions  — off (read-only: bob is a viewer)");
    }

    @Test
    void theHelpOfEachScreenNamesEveryKeyThatWorksThere() {
        VirtualScreen screen = new VirtualScreen(120, 50);
        RolloutConsole list = operator();
        type(list, "?");
        assertThat(screen.draw(list)).contains("j / ↓, k / ↑", "PgDn, PgUp", "g, G, Home, End", "enter", "esc",
                "/ ", ":ns NAME", ":dora", ":rollouts", "?, :help", "q, :q, ctrl-c", "  a ", "  space ", "  p ",
                "  P ", "  r ");

        RolloutConsole detail = operator();
        press(detail, KeyType.Enter);
        type(detail, "?");
        String detailHelp = screen.draw(detail);
        assertThat(detailHelp).contains("Keys on the rollout detail screen", "j / ↓, k / ↑", "PgDn, PgUp",
                "g, G, Home, End", "top, bottom", "esc", ":ns NAME", ":dora", ":rollouts", "?, :help",
                "q, :q, ctrl-c", "  a ", "  space ", "  p ", "  P ", "  r ");
        assertThat(detailHelp).doesNotContain("enter ").doesNotContain("filter by name");

        RolloutConsole doraScreen = operator();
        colon(doraScreen, "dora");
        type(doraScreen, "?");
        assertThat(screen.draw(doraScreen)).contains("Keys on the DORA screen", "j / ↓, k / ↑", "PgDn, PgUp",
                "g, G, Home, End", "esc", ":ns NAME", ":rollouts", "?, :help", "q, :q, ctrl-c")
                .doesNotContain("Actions");

        // Every key and command the handler takes on a screen is in that screen's help, named as in its row.
        for (RolloutConsole.View view : new RolloutConsole.View[] {RolloutConsole.View.LIST,
            RolloutConsole.View.DETAIL, RolloutConsole.View.DORA}) {
            String help = HelpView.lines(view, new Access(ALICE, Role.OPERATOR, false)).stream().map(Line::text)
                    .reduce("", (a, b) -> a + "\n" + b);
            for (Keys.Row row : Keys.on(view)) {
                assertThat(help).as("%s help", view).contains("  " + row.label());
                row.strokes().forEach(s -> assertThat(row.label()).contains(s.name()));
                row.commands().forEach(c -> assertThat(row.label()).contains(":" + c.words().get(0)));
            }
        }
        assertThat(Keys.Does.PROMOTE_FULL.key()).isEqualTo("P");
    }

    @Test
    void keysOffTheirScreenDoNothing() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        press(console, KeyType.Enter);
        type(console, "/pay");
        press(console, KeyType.Escape);
        press(console, KeyType.Enter);
        colon(console, "ro");
        assertThat(screen.draw(console)).contains("4/4 rollouts").doesNotContain("filter:");
        colon(console, "dora");
        type(console, "G");
        press(console, KeyType.Home);
        type(console, "a");
        assertThat(screen.draw(console)).contains("abort acts on a rollout");
        colon(console, "dora");
        assertThat(screen.draw(console)).contains("unknown command ':dora'; try :ns NAME, :rollouts, :help, :q");
    }

    @Test
    void theConfirmationKeepsItsKeysAtAnyWidth() {
        for (int width : new int[] {160, 80, 72, 60, 40, 24}) {
            RolloutConsole console = operator();
            VirtualScreen screen = new VirtualScreen(width, 12);
            type(console, "j");
            type(console, "a");
            screen.draw(console);
            String prompt = screen.lines().get(11);
            assertThat(prompt.stripTrailing()).as("%s columns", width).endsWith("[y/N]");
            assertThat(prompt.length()).isLessThanOrEqualTo(width);
            assertThat(prompt).as("%s columns", width).startsWith(width >= 40 ? "Abort prod/checkout? " : "Abort");
        }
        VirtualScreen screen = new VirtualScreen(72, 12);
        RolloutConsole console = operator();
        type(console, "j");
        type(console, "a");
        screen.draw(console);
        assertThat(screen.lines().get(11).stripTrailing())
                .isEqualTo("Abort prod/checkout? traffic goes back to stable now and the cana… [y/N]");
    }

    @Test
    void theKeyBarFitsTheWidthKeepingHelpAndQuit() {
        RolloutConsole operator = operator();
        RolloutConsole viewer = console(new Access(BOB, Role.VIEWER, false), true);
        RolloutConsole readonly = console(new Access(ALICE, Role.OPERATOR, true), true);
        for (RolloutConsole console : new RolloutConsole[] {operator, viewer, readonly}) {
            for (int width : new int[] {160, 110, 80, 72, 60, 40}) {
                for (boolean detail : new boolean[] {false, true}) {
                    VirtualScreen screen = new VirtualScreen(width, 12);
                    if (detail) {
                        press(console, KeyType.Enter);
                    }
                    screen.draw(console);
                    String bar = screen.lines().get(10);
                    assertThat(bar).as("%s columns", width).contains("<?> help", "<q> quit").doesNotContain("…");
                    assertThat(bar.length()).isLessThanOrEqualTo(width);
                    if (detail) {
                        press(console, KeyType.Escape);
                    }
                }
            }
        }
        VirtualScreen screen = new VirtualScreen(80, 12);
        screen.draw(operator);
        assertThat(screen.lines().get(10)).isEqualTo(
                "<a> abort <space> pause <p> promote <P> full <r> rollback <?> help <q> quit");
        screen.draw(viewer);
        assertThat(screen.lines().get(10)).isEqualTo(
                "<enter> open </> filter <:> ns read-only (viewer) <?> help <q> quit");
        screen.draw(readonly);
        assertThat(screen.lines().get(10)).contains("read-only (--readonly)");
        press(operator, KeyType.Enter);
        screen.draw(operator);
        assertThat(screen.lines().get(10)).isEqualTo(
                "<a> abort <space> pause <p> promote <P> full <r> rollback <?> help <q> quit");
        screen.resize(60, 12);
        screen.draw(operator);
        assertThat(screen.lines().get(10)).isEqualTo("<esc> back <a> <space> <p> <P> <r> actions <?> help <q> quit");
        screen.draw(viewer);
        assertThat(screen.lines().get(10)).isEqualTo("<enter> open </> filter read-only (viewer) <?> help <q> quit");
        // The full reason stays in the help.
        type(viewer, "?");
        assertThat(new VirtualScreen(120, 30).draw(viewer)).contains("off (read-only: bob is a viewer)");
    }

    @Test
    void resizingReflowsTheListDroppingTheLeastUsefulColumnsFirst() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        assertThat(screen.draw(console)).contains("STRATEGY", "AGE", "HEARTBEAT");
        screen.resize(80, 15);
        String narrow = screen.draw(console);
        assertThat(screen.terminal().getTerminalSize().getColumns()).isEqualTo(80);
        assertThat(narrow).doesNotContain("STRATEGY").doesNotContain("AGE ").contains("PHASE", "SET/ACTUAL",
                "HEARTBEAT");
        assertThat(screen.lines().get(screen.rowOf("staging/search"))).contains("ORPHANED");
        screen.resize(50, 10);
        String tiny = screen.draw(console);
        assertThat(tiny).contains("PHASE", "SET/ACTUAL").doesNotContain("VERDICT").doesNotContain("STEP");
        assertThat(screen.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(50));
        screen.resize(120, 20);
        assertThat(screen.draw(console)).contains("STRATEGY");
    }

    @Test
    void detailReflowsFromTwoColumnsToOne() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(140, 40);
        type(console, "j");
        press(console, KeyType.Enter);
        screen.draw(console);
        int twoColumns = screen.rowOf("Analysis");
        screen.resize(90, 40);
        screen.draw(console);
        assertThat(screen.rowOf("Analysis")).isGreaterThan(twoColumns).isGreaterThan(screen.rowOf("Revisions and pods"));
    }

    @Test
    void aRolloutDeletedWhileOpenIsSaidToBeGone() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 20);
        press(console, KeyType.Enter);
        board.remove(new RolloutKey("prod", "cart"));
        assertThat(screen.draw(console)).contains("prod/cart is gone");
    }

    @Test
    void qCtrlCAndTheEndOfInputQuit() {
        RolloutConsole q = operator();
        type(q, "q");
        assertThat(q.quitRequested()).isTrue();
        RolloutConsole ctrlC = operator();
        ctrlC.handle(new KeyStroke('c', true, false));
        assertThat(ctrlC.quitRequested()).isTrue();
        RolloutConsole eof = operator();
        press(eof, KeyType.EOF);
        assertThat(eof.quitRequested()).isTrue();
        RolloutConsole typingQ = operator();
        type(typingQ, "/q");
        assertThat(typingQ.quitRequested()).isFalse();
    }

    @Test
    void anEmptyBoardSaysSoAndActionsNeedASelection() {
        board.replaceAll(java.util.List.of());
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 10);
        assertThat(screen.draw(console)).contains("no rollouts in any namespace", "0/0 rollouts");
        type(console, "a");
        assertThat(screen.draw(console)).contains("no rollout selected");
        press(console, KeyType.Enter);
        type(console, "j");
        assertThat(console.view()).isEqualTo(RolloutConsole.View.LIST);
    }

    @Test
    void colonDoraShowsTheFourKeysPerServiceWithTierAndTrend() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 40);
        colon(console, "dora");
        assertThat(console.view()).isEqualTo(RolloutConsole.View.DORA);
        String text = screen.draw(console);
        assertThat(text).contains(" cicd │ dora │", "DORA four keys over 30 days to 2026-11-26 12:00, trend: 8 weeks",
                "store: ~/.cicd/dora.db", "checkout · prod · team payments  96 deployments",
                "search · staging · team discovery");
        String frequency = screen.lines().get(screen.rowOf("deployment frequency"));
        assertThat(frequency).contains("2.5/day", "elite", "↑ better");
        String failures = screen.lines().get(screen.rowOf("change failure rate"));
        assertThat(failures).contains("3.1% (3 of 96)", "elite");
        assertThat(text).contains("5.2h (p90 14.0h)", "24m (3 restored)", "0.7/week", "no data");
        assertThat(screen.lines().get(screen.rowOf("payments · prod"))).contains("31 deployments");

        type(console, "a");
        assertThat(screen.draw(console)).contains("abort acts on a rollout: esc goes back to the rollouts");
        assertThat(actions.sent()).isEmpty();
        type(console, "?");
        assertThat(screen.draw(console)).contains("Keys on the DORA screen", "tier from the 2024 DORA report");
        press(console, KeyType.Escape);
        assertThat(console.view()).isEqualTo(RolloutConsole.View.DORA);
        type(console, "j");
        press(console, KeyType.Escape);
        assertThat(console.view()).isEqualTo(RolloutConsole.View.LIST);
    }

    @Test
    void theDoraScreenSaysWhenItsFiguresCannotBeRead() {
        DoraBoard failing = new DoraBoard(() -> {
            throw new IllegalStateException("cannot open ~/.cicd/dora.db: permission denied");
        }, Runnable::run, clock, java.time.Duration.ofMinutes(1));
        RolloutConsole console = operator(failing);
        VirtualScreen screen = new VirtualScreen(100, 20);
        colon(console, "dora");
        assertThat(screen.draw(console)).contains("✖ DORA figures could not be read: cannot open ~/.cicd/dora.db: "
                + "permission denied");

        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        DoraBoard slow = new DoraBoard(Fixtures::doraOverview, queued::add, clock, java.time.Duration.ofMinutes(1));
        RolloutConsole waiting = operator(slow);
        colon(waiting, "dora");
        assertThat(screen.draw(waiting)).contains("reading the DORA store…");
        assertThat(queued).as("one load however often the screen is drawn").hasSize(1);
        queued.get(0).run();
        assertThat(screen.draw(waiting)).contains("checkout · prod");
    }

    @Test
    void narrowDoraDropsTheTrendsAndAnEmptyStoreSaysHowToFillIt() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(70, 40);
        colon(console, "dora");
        assertThat(screen.draw(console)).contains("deployment frequency").doesNotContain("better", "worse");

        DoraBoard empty = new DoraBoard(() -> new DoraBoard.Overview(Fixtures.doraOverview().window(), 8,
                java.util.List.of(), "dora.db"), Runnable::run, clock, java.time.Duration.ofMinutes(1));
        RolloutConsole none = operator(empty);
        colon(none, "dora");
        assertThat(new VirtualScreen(120, 20).draw(none)).contains("no deployments recorded in this window");
    }

    @Test
    void anOrphanRolledBackByThisTerminalSaysSoAtOnce() {
        actions.doneWith("no engine drove it, so this terminal rolled it back: RolledBack, traffic on stable");
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(140, 20);
        type(console, "G");
        type(console, "ry");
        type(console, "engine gone");
        press(console, KeyType.Enter);
        assertThat(actions.sent()).extracting(RecordingActions.Sent::target)
                .containsExactly(new RolloutKey("staging", "search"));
        assertThat(screen.draw(console)).contains("✔ rollback of staging/search done by alice: no engine drove it, so "
                + "this terminal rolled it back");
    }

    @Test
    void anIgnoredCommandSaysWhyAndTheDetailShowsIt() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(120, 40);
        type(console, "jj ");
        type(console, "y");
        type(console, "hold");
        press(console, KeyType.Enter);
        assertThat(actions.sent()).extracting(RecordingActions.Sent::action).containsExactly(CommandAction.RESUME);
        board.put(Fixtures.payments().toBuilder().command(new CommandStatus(RecordingActions.idOf(0),
                CommandAction.RESUME, ALICE.display(), "hold", Fixtures.NOW, CommandStatus.State.IGNORED, Fixtures.NOW.plusMillis(200), "not paused"))
                .build());
        assertThat(screen.draw(console)).contains("– engine ignored resume of prod/payments: not paused");
        press(console, KeyType.Enter);
        assertThat(screen.draw(console)).contains("resume by alice (SHA256:q9T1abc) “hold” – ignored after 0.2s: not "
                + "paused");
    }

    @Test
    void theDetailFollowsItsRolloutOnTheBoardAndLetsGoWhenLeft() {
        RolloutConsole console = operator();
        type(console, "j");
        press(console, KeyType.Enter);
        assertThat(board.followed()).containsExactly(new RolloutKey("prod", "checkout"));
        type(console, "?");
        assertThat(board.followed()).as("help over the detail keeps it").hasSize(1);
        press(console, KeyType.Escape);
        press(console, KeyType.Escape);
        assertThat(board.followed()).isEmpty();
        press(console, KeyType.Enter);
        assertThat(board.followed()).hasSize(1);
        console.close();
        assertThat(board.followed()).isEmpty();
    }

    @Test
    void aLostWatchIsSaidOnTheHeader() {
        RolloutConsole console = operator();
        VirtualScreen screen = new VirtualScreen(160, 10);
        board.warn("watch on the rollout records lost; reconnecting");
        assertThat(screen.draw(console)).contains("⚠ watch on the rollout records lost; reconnecting");
        board.warn(null);
        assertThat(screen.draw(console)).doesNotContain("reconnecting");
    }
}
