package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutSnapshot;
import io.cicdmanager.tui.model.Tone;
import io.cicdmanager.tui.screen.ConsoleLayout.Body;
import io.cicdmanager.tui.screen.ConsoleLayout.Frame;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One person's rollouts console, with k9s keys: it takes keys ({@link #handle}) and paints frames
 * ({@link #update} then {@link #draw}), and hands the work to its parts: {@link Navigation} (which screen, the
 * selection, the filter), {@link Keys} (what each key does where), {@link Prompt} (the {@code /} and {@code :}
 * line), {@link Confirmation} (the question and the reason before an action), {@link CommandSender} (may it be
 * sent, the sending, the engine's answer), {@link Following} (what the board fetches for it) and
 * {@link ConsoleLayout} (where things go, how far they scroll). It draws onto a {@link Canvas} and never touches a
 * terminal itself, so the same console runs in a local terminal, over SSH, and in tests on a virtual terminal. Not
 * thread-safe: keys, frames and the callbacks it posts all run on the session's one UI thread.
 */
public final class RolloutConsole {
    /** The screens. */
    public enum View {
        LIST, DETAIL, DORA, HELP
    }

    private final RolloutBoard board;
    private final DoraBoard dora;
    private final Access access;
    private final Palette palette;
    private final Clock clock;
    private final Navigation nav;
    private final Prompt prompt = new Prompt();
    private final Confirmation confirmation = new Confirmation();
    private final CommandSender sender;
    private final Following following;
    private final ConsoleLayout layout = new ConsoleLayout();
    private Line message = Line.empty();
    private boolean quit;
    private Frame frame;
    private TerminalSize frameSize;

    /**
     * @param namespace the namespace to show, or null for all
     * @param ui runs callbacks (a command written, or refused) on the console's UI thread
     */
    public RolloutConsole(RolloutBoard board, RolloutActions actions, DoraBoard dora, Access access, Palette palette,
            Clock clock, Executor ui, String namespace) {
        this.board = board;
        this.dora = dora;
        this.access = access;
        this.palette = palette;
        this.clock = clock;
        this.nav = new Navigation(board, namespace);
        this.sender = new CommandSender(board, actions, access, clock, ui, line -> message = line);
        this.following = new Following(board, dora, ui);
    }

    public boolean quitRequested() {
        return quit;
    }

    public View view() {
        return nav.view();
    }

    public Palette palette() {
        return palette;
    }

    /** The rollouts the list shows now: the namespace, then the filter, applied. */
    List<RolloutSnapshot> visible() {
        return nav.visible();
    }

    // ------------------------------------------------------------------ keys

    /** Acts on one key. */
    public void handle(KeyStroke key) {
        dispatch(key);
        following.update(nav.shown(), nav.selected(), quit);
    }

    /** Lets go of what the console follows; the loop calls it when the console ends. */
    public void close() {
        following.close();
    }

    private void dispatch(KeyStroke key) {
        if (key.getKeyType() == KeyType.EOF || Keys.quitsAnywhere(key)) {
            quit = true;
            return;
        }
        if (confirmation.isOpen()) {
            answered(confirmation.handle(key));
            return;
        }
        if (prompt.isOpen()) {
            Prompt.Kind kind = prompt.kind();
            edited(kind, prompt.handle(key));
            return;
        }
        message = Line.empty();
        View view = nav.view();
        Optional<Keys.Does> does = Keys.of(key, view);
        if (does.isEmpty() && view == View.DORA) {
            // An action key on the DORA screen says where actions work rather than nothing at all.
            Keys.of(key, View.LIST).flatMap(Keys.Does::action).ifPresent(this::elsewhere);
            return;
        }
        // Keys that are not bound on this screen do nothing, as in k9s.
        does.ifPresent(this::act);
    }

    private void act(Keys.Does does) {
        switch (does) {
            case DOWN -> move(1);
            case UP -> move(-1);
            case PAGE_UP -> move(-layout.pageStep(nav.view() == View.LIST));
            case PAGE_DOWN -> move(layout.pageStep(nav.view() == View.LIST));
            case FIRST -> move(Integer.MIN_VALUE / 2);
            case LAST -> move(Integer.MAX_VALUE / 2);
            case OPEN -> {
                if (nav.open()) {
                    layout.scrollToTop();
                }
            }
            case BACK -> nav.back();
            case FILTER -> prompt.open(Prompt.Kind.FILTER, nav.filter());
            case COMMAND -> prompt.open(Prompt.Kind.COMMAND, "");
            case HELP -> nav.toggleHelp();
            case QUIT -> quit = true;
            case PAUSE -> action(nav.current().filter(r -> r.phase() == RolloutPhase.PAUSED).isPresent()
                    ? CommandAction.RESUME : CommandAction.PAUSE);
            case ABORT, PROMOTE, PROMOTE_FULL, ROLLBACK -> action(does.action().orElseThrow());
            default -> throw new IllegalStateException(does + " is a command, not a key");
        }
    }

    private void move(int delta) {
        switch (nav.view()) {
            case LIST -> nav.moveSelection(delta);
            case DETAIL, DORA -> layout.scrollBy(delta);
            default -> {
                // the help does not scroll
            }
        }
    }

    /** The filter follows its line as it is typed; a command runs when entered. */
    private void edited(Prompt.Kind kind, Prompt.Edit edit) {
        boolean filtering = kind == Prompt.Kind.FILTER;
        String text = prompt.text();
        switch (edit) {
            case TYPED -> {
                if (filtering) {
                    nav.filter(text);
                }
            }
            case CANCELLED -> {
                if (filtering) {
                    nav.filter("");
                }
            }
            case SUBMITTED -> {
                if (filtering) {
                    nav.filter(text.trim());
                } else {
                    runCommand(text.trim());
                }
            }
            default -> throw new IllegalStateException(edit.name());
        }
    }

    private void runCommand(String text) {
        String[] words = text.split("\\s+");
        View view = nav.view();
        Optional<Keys.Does> does = Keys.command(words[0], view);
        if (does.isEmpty()) {
            message = Line.of("unknown command ':" + text + "'; try " + String.join(", ", Keys.commandLabels(view)),
                    Tone.FAILED);
            return;
        }
        switch (does.get()) {
            case QUIT -> quit = true;
            case NAMESPACE -> {
                String ns = words.length < 2 || words[1].equals("all") || words[1].equals("-A") ? null : words[1];
                nav.namespace(ns);
                layout.listToTop();
                message = Line.of("namespace: " + (ns == null ? "all" : ns), Tone.ADDED);
            }
            case ROLLOUTS -> nav.show(View.LIST);
            case DORA -> {
                nav.show(View.DORA);
                layout.scrollToTop();
            }
            case HELP -> nav.openHelp();
            default -> throw new IllegalStateException(does.get() + " is a key, not a command");
        }
    }

    // --------------------------------------------------------------- actions

    private void action(CommandAction action) {
        switch (nav.view()) {
            case HELP -> {
                return;
            }
            case DORA -> {
                elsewhere(action);
                return;
            }
            default -> {
                Optional<RolloutSnapshot> target = nav.current();
                Optional<Line> refusal = sender.refusal(action, target);
                if (refusal.isPresent()) {
                    message = refusal.get();
                } else {
                    confirmation.ask(action, target.orElseThrow().key());
                }
            }
        }
    }

    /** An action key where actions do not work says where they do. */
    private void elsewhere(CommandAction action) {
        message = Line.of(action.wireName() + " acts on a rollout: esc goes back to the rollouts", Tone.PENDING);
    }

    private void answered(Confirmation.Answer answer) {
        if (answer instanceof Confirmation.Cancelled c) {
            message = Line.of(c.action().wireName() + " cancelled: nothing was sent", Tone.MUTED);
        } else if (answer instanceof Confirmation.Confirmed c) {
            sender.send(c.target(), c.action(), c.reason());
        }
    }

    // ---------------------------------------------------------------- frames

    /**
     * Decides the next frame for a screen of {@code size}: takes in the engine's answer to this console's command,
     * asks for fresh DORA figures while they show, and fits the selection and the scroll positions to the size.
     * The loop calls it before every {@link #draw}.
     */
    public void update(TerminalSize size) {
        sender.noticeAnswer();
        Instant now = clock.instant();
        Body body = switch (nav.view()) {
            case LIST -> list(now, size);
            case DETAIL -> detail(now, size);
            case DORA -> {
                dora.request();
                yield layout.page(DoraView.lines(dora.state(), size.getColumns(), clock.getZone()), size);
            }
            case HELP -> new ConsoleLayout.Page(HelpView.lines(nav.helpFrom(), access), 0);
        };
        frame = new Frame(header(), body, KeyHints.forView(nav.view(), access, size.getColumns()),
                bottomLine(size.getColumns()));
        frameSize = size;
    }

    /** Paints the frame {@link #update} decided onto the whole canvas; changes nothing. */
    public void draw(Canvas canvas) {
        if (frame == null || frameSize.getColumns() != canvas.width() || frameSize.getRows() != canvas.height()) {
            throw new IllegalStateException("update(size) decides a frame of the canvas's size before draw(canvas)");
        }
        ConsoleLayout.paint(canvas, frame);
    }

    private Body list(Instant now, TerminalSize size) {
        List<RolloutSnapshot> rows = nav.visible();
        int index = nav.selectedIndex(rows);
        if (index >= 0) {
            nav.select(rows.get(index).key());
        }
        String ns = nav.namespace();
        String empty = nav.filter().isEmpty()
                ? "no rollouts in " + (ns == null ? "any namespace" : "namespace " + ns)
                : "no rollouts match '" + nav.filter() + "'";
        return layout.list(rows, index, now, size, empty);
    }

    private Body detail(Instant now, TerminalSize size) {
        Optional<RolloutSnapshot> r = nav.selected() == null ? Optional.empty() : board.view().find(nav.selected());
        if (r.isEmpty()) {
            return new ConsoleLayout.Page(List.of(Line.of(nav.selected()
                    + " is gone: its record was deleted. esc goes back.", Tone.PENDING)), 0);
        }
        return layout.page(RolloutDetailView.lines(r.get(), size.getColumns(), now, clock.getZone()), size);
    }

    private Line header() {
        View view = nav.view();
        String ns = nav.namespace();
        Line line = new Line().add(" cicd ", Tone.TITLE).add("│ ", Tone.MUTED)
                .add(switch (view) {
                    case LIST -> "rollouts";
                    case DETAIL -> "rollout " + nav.selected();
                    case DORA -> "dora";
                    case HELP -> "help";
                }).add(" │ ", Tone.MUTED)
                .add("ns: " + (ns == null ? "all" : ns)).add(" │ ", Tone.MUTED)
                .add(access.actor().name() + " (" + access.role().label() + ")",
                        access.mayAct() ? Tone.ADDED : Tone.PENDING);
        board.warning().ifPresent(w -> line.add(" │ ", Tone.MUTED).add("⚠ " + w, Tone.FAILED));
        if (view == View.LIST) {
            int total = board.view().rollouts().size();
            line.add(" │ ", Tone.MUTED).add(nav.visible().size() + "/" + total + " rollouts");
            if (!nav.filter().isEmpty()) {
                line.add(" │ ", Tone.MUTED).add("filter: " + nav.filter(), Tone.PENDING);
            }
        }
        return line;
    }

    private Line bottomLine(int width) {
        if (confirmation.isOpen()) {
            return confirmation.line(width);
        }
        return prompt.isOpen() ? prompt.line() : message;
    }
}
