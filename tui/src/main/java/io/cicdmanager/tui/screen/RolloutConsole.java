package io.cicdmanager.tui.screen;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cicdmanager.kube.CommandAction;
import io.cicdmanager.kube.RolloutCommand;
import io.cicdmanager.kube.RolloutPhase;
import io.cicdmanager.tui.model.Access;
import io.cicdmanager.tui.model.CommandStatus;
import io.cicdmanager.tui.model.DoraBoard;
import io.cicdmanager.tui.model.RolloutActions;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.model.RolloutSnapshot;
import io.cicdmanager.tui.model.Tone;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One person's rollouts console: which screen is open, the selection, the filter, prompts, and what each key
 * does, with k9s keys. It draws onto a {@link Canvas} and never touches a terminal itself, so the same console
 * runs in a local terminal, over SSH, and in tests on a virtual terminal. Not thread-safe: keys, drawing and the
 * callbacks it posts all run on the session's one UI thread.
 */
public final class RolloutConsole {
    /** The screens. */
    public enum View {
        LIST, DETAIL, DORA, HELP
    }

    private enum Prompt {
        NONE, FILTER, COMMAND, CONFIRM, REASON
    }

    /** This console's command, until the engine answers it; its id is known once it is written. */
    private record Awaiting(RolloutKey key, CommandAction action, String commandId) {
    }

    private final RolloutBoard board;
    private final RolloutActions actions;
    private final DoraBoard dora;
    private final Access access;
    private final Palette palette;
    private final Clock clock;
    private final Executor ui;

    private String namespace;
    private View view = View.LIST;
    private View helpFrom = View.LIST;
    private RolloutKey selected;
    private int listTop;
    private int listRows = 1;
    private int scroll;
    private int pageRows = 1;
    private int pageLines;
    private Prompt prompt = Prompt.NONE;
    private final StringBuilder input = new StringBuilder();
    private String filter = "";
    private CommandAction pendingAction;
    private RolloutKey pendingTarget;
    private Line message = Line.empty();
    private Awaiting awaiting;
    private boolean quit;
    private boolean reasonMissing;
    private RolloutKey followedKey;
    private AutoCloseable following;
    private AutoCloseable doraUpdates;

    /**
     * @param namespace the namespace to show, or null for all
     * @param ui runs callbacks (a command written, or refused) on the console's UI thread
     */
    public RolloutConsole(RolloutBoard board, RolloutActions actions, DoraBoard dora, Access access, Palette palette,
            Clock clock, Executor ui, String namespace) {
        this.board = board;
        this.actions = actions;
        this.dora = dora;
        this.access = access;
        this.palette = palette;
        this.clock = clock;
        this.ui = ui;
        this.namespace = namespace;
    }

    public boolean quitRequested() {
        return quit;
    }

    public View view() {
        return view;
    }

    public Palette palette() {
        return palette;
    }

    /** The rollouts the list shows now: the namespace, then the filter, applied. */
    List<RolloutSnapshot> visible() {
        List<RolloutSnapshot> out = new ArrayList<>();
        String f = filter.toLowerCase(Locale.ROOT);
        for (RolloutSnapshot r : board.view().rollouts()) {
            if (namespace != null && !namespace.equals(r.key().namespace())) {
                continue;
            }
            String haystack = (r.key() + " " + r.phase().wireName() + " " + r.strategy()
                    + (r.orphaned() ? " orphaned" : "")).toLowerCase(Locale.ROOT);
            if (f.isEmpty() || haystack.contains(f)) {
                out.add(r);
            }
        }
        return out;
    }

    private int selectedIndex(List<RolloutSnapshot> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).key().equals(selected)) {
                return i;
            }
        }
        return rows.isEmpty() ? -1 : 0;
    }

    private Optional<RolloutSnapshot> current() {
        List<RolloutSnapshot> rows = visible();
        if (view == View.DETAIL && selected != null) {
            return board.view().find(selected);
        }
        int i = selectedIndex(rows);
        return i < 0 ? Optional.empty() : Optional.of(rows.get(i));
    }

    // ------------------------------------------------------------------ keys

    /** Acts on one key. */
    public void handle(KeyStroke key) {
        dispatch(key);
        followShown();
    }

    /**
     * Tells the board which rollout this console shows in detail, if any, so that its pods are fetched; and
     * listens for fresh DORA figures while the DORA screen is open.
     */
    private void followShown() {
        View shown = view == View.HELP ? helpFrom : view;
        RolloutKey wanted = shown == View.DETAIL && !quit ? selected : null;
        if (!java.util.Objects.equals(wanted, followedKey)) {
            following = closed(following);
            followedKey = null;
            if (wanted != null) {
                following = board.follow(wanted);
                followedKey = wanted;
            }
        }
        boolean doraShown = shown == View.DORA && !quit;
        if (doraShown && doraUpdates == null) {
            // A load finishing wakes this console's loop, which redraws after every task it runs.
            doraUpdates = dora.subscribe(() -> ui.execute(() -> { }));
            dora.request();
        } else if (!doraShown) {
            doraUpdates = closed(doraUpdates);
        }
    }

    private static AutoCloseable closed(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException("letting go of a subscription", e);
            }
        }
        return null;
    }

    /** Lets go of what the console follows; the loop calls it when the console ends. */
    public void close() {
        following = closed(following);
        followedKey = null;
        doraUpdates = closed(doraUpdates);
    }

    private void dispatch(KeyStroke key) {
        if (key.getKeyType() == KeyType.EOF || Keys.quitsAnywhere(key)) {
            quit = true;
            return;
        }
        if (prompt != Prompt.NONE) {
            handlePrompt(key);
            return;
        }
        message = Line.empty();
        Optional<Keys.Does> does = Keys.of(key, view);
        if (does.isEmpty() && view == View.DORA) {
            // An action key on the DORA screen says where actions work rather than nothing at all.
            Keys.of(key, View.LIST).flatMap(Keys.Does::action).ifPresent(a -> message = Line.of(
                    a.wireName() + " acts on a rollout: esc goes back to the rollouts", Tone.PENDING));
            return;
        }
        // Keys that are not bound on this screen do nothing, as in k9s.
        does.ifPresent(this::act);
    }

    private void act(Keys.Does does) {
        switch (does) {
            case DOWN -> move(1);
            case UP -> move(-1);
            case PAGE_UP -> move(-Math.max(1, view == View.LIST ? listRows : pageRows));
            case PAGE_DOWN -> move(Math.max(1, view == View.LIST ? listRows : pageRows));
            case FIRST -> move(Integer.MIN_VALUE / 2);
            case LAST -> move(Integer.MAX_VALUE / 2);
            case OPEN -> open();
            case BACK -> back();
            case FILTER -> startPrompt(Prompt.FILTER, filter);
            case COMMAND -> startPrompt(Prompt.COMMAND, "");
            case HELP -> toggleHelp();
            case QUIT -> quit = true;
            case PAUSE -> current().ifPresentOrElse(
                    r -> action(r.phase() == RolloutPhase.PAUSED ? CommandAction.RESUME : CommandAction.PAUSE),
                    () -> action(CommandAction.PAUSE));
            case ABORT, PROMOTE, PROMOTE_FULL, ROLLBACK -> action(does.action().orElseThrow());
            default -> throw new IllegalStateException(does + " is a command, not a key");
        }
    }

    private void move(int delta) {
        if (view == View.HELP) {
            return;
        }
        if (view == View.DETAIL || view == View.DORA) {
            int max = Math.max(0, pageLines - pageRows);
            scroll = (int) Math.max(0, Math.min(max, (long) scroll + delta));
            return;
        }
        List<RolloutSnapshot> rows = visible();
        if (rows.isEmpty()) {
            return;
        }
        int i = (int) Math.max(0, Math.min(rows.size() - 1, (long) selectedIndex(rows) + delta));
        selected = rows.get(i).key();
    }

    private void open() {
        if (view == View.LIST) {
            current().ifPresent(r -> {
                selected = r.key();
                view = View.DETAIL;
                scroll = 0;
            });
        }
    }

    private void back() {
        switch (view) {
            case HELP -> view = helpFrom;
            case DETAIL, DORA -> view = View.LIST;
            case LIST -> filter = "";
            default -> throw new IllegalStateException(view.name());
        }
    }

    private void toggleHelp() {
        if (view == View.HELP) {
            view = helpFrom;
        } else {
            helpFrom = view;
            view = View.HELP;
        }
    }

    private void startPrompt(Prompt p, String initial) {
        prompt = p;
        input.setLength(0);
        input.append(initial);
    }

    private void handlePrompt(KeyStroke key) {
        switch (key.getKeyType()) {
            case Escape -> cancelPrompt();
            case Backspace -> {
                if (input.length() > 0) {
                    input.setLength(input.length() - 1);
                }
                if (prompt == Prompt.FILTER) {
                    filter = input.toString();
                }
            }
            case Enter -> submitPrompt();
            case Character -> typed(key.getCharacter());
            default -> {
                // arrows and the like do not edit the prompt
            }
        }
    }

    private void typed(char c) {
        if (prompt == Prompt.CONFIRM) {
            if (c == 'y' || c == 'Y') {
                prompt = Prompt.REASON;
                input.setLength(0);
            } else {
                cancelPrompt();
            }
            return;
        }
        input.append(c);
        if (prompt == Prompt.FILTER) {
            filter = input.toString();
        }
    }

    private void cancelPrompt() {
        Prompt was = prompt;
        prompt = Prompt.NONE;
        input.setLength(0);
        if (was == Prompt.FILTER) {
            filter = "";
        }
        if (was == Prompt.CONFIRM || was == Prompt.REASON) {
            message = Line.of(pendingAction.wireName() + " cancelled: nothing was sent", Tone.MUTED);
            pendingAction = null;
            pendingTarget = null;
            reasonMissing = false;
        }
    }

    private void submitPrompt() {
        Prompt was = prompt;
        String text = input.toString().trim();
        switch (was) {
            case FILTER -> {
                prompt = Prompt.NONE;
                filter = text;
            }
            case COMMAND -> {
                prompt = Prompt.NONE;
                runCommand(text);
            }
            case CONFIRM -> cancelPrompt();
            case REASON -> {
                if (text.isEmpty()) {
                    reasonMissing = true;
                    return;
                }
                reasonMissing = false;
                prompt = Prompt.NONE;
                send(text);
            }
            default -> throw new IllegalStateException(was.name());
        }
    }

    private void runCommand(String text) {
        String[] words = text.split("\\s+");
        Optional<Keys.Does> does = Keys.command(words[0], view);
        if (does.isEmpty()) {
            message = Line.of("unknown command ':" + text + "'; try " + String.join(", ", Keys.commandLabels(view)),
                    Tone.FAILED);
            return;
        }
        switch (does.get()) {
            case QUIT -> quit = true;
            case NAMESPACE -> {
                namespace = words.length < 2 || words[1].equals("all") || words[1].equals("-A") ? null : words[1];
                view = View.LIST;
                listTop = 0;
                message = Line.of("namespace: " + (namespace == null ? "all" : namespace), Tone.ADDED);
            }
            case ROLLOUTS -> view = View.LIST;
            case DORA -> {
                view = View.DORA;
                scroll = 0;
            }
            case HELP -> {
                helpFrom = view == View.HELP ? helpFrom : view;
                view = View.HELP;
            }
            default -> throw new IllegalStateException(does.get() + " is a key, not a command");
        }
    }

    // --------------------------------------------------------------- actions

    private void action(CommandAction action) {
        if (view == View.HELP) {
            return;
        }
        if (view == View.DORA) {
            message = Line.of(action.wireName() + " acts on a rollout: esc goes back to the rollouts", Tone.PENDING);
            return;
        }
        Optional<String> off = access.readOnlyReason();
        if (off.isPresent()) {
            message = Line.of(action.wireName() + " is off — " + off.get(), Tone.PENDING);
            return;
        }
        Optional<RolloutSnapshot> target = current();
        if (target.isEmpty()) {
            message = Line.of("no rollout selected", Tone.PENDING);
            return;
        }
        RolloutSnapshot r = target.get();
        if (r.orphaned() && action != CommandAction.ROLLBACK) {
            message = Line.of(action.wireName() + " needs the engine, and " + r.key()
                    + " is orphaned (stale heartbeat); r (rollback) works without it", Tone.FAILED);
            return;
        }
        if (!action.allowedIn(r.phase())) {
            message = Line.of(action.wireName() + " is not possible: " + r.key() + " is " + r.phase().wireName(),
                    Tone.PENDING);
            return;
        }
        pendingAction = action;
        pendingTarget = r.key();
        startPrompt(Prompt.CONFIRM, "");
    }

    private void send(String reason) {
        CommandAction action = pendingAction;
        RolloutKey target = pendingTarget;
        pendingAction = null;
        pendingTarget = null;
        RolloutCommand command = access.actor().command(action, reason, clock.instant());
        Awaiting sending = new Awaiting(target, action, null);
        awaiting = sending;
        message = Line.of("sending " + action.wireName() + " for " + target + "…", Tone.PENDING);
        actions.send(target, command).whenComplete((delivery, error) -> ui.execute(() -> {
            if (error != null) {
                awaiting = awaiting == sending ? null : awaiting;
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                message = Line.of("✖ " + action.wireName() + " for " + target + " was not written: "
                        + cause.getMessage(), Tone.FAILED);
            } else if (!delivery.awaitsEngine()) {
                awaiting = awaiting == sending ? null : awaiting;
                message = Line.of("✔ " + action.wireName() + " of " + target + " done by " + access.actor().name()
                        + ": " + delivery.message(), Tone.ADDED);
            } else if (awaiting == sending) {
                awaiting = new Awaiting(target, action, delivery.commandId());
                message = Line.of(action.wireName() + " for " + target + " written by " + access.actor().name()
                        + "; waiting for the engine to acknowledge…", Tone.PENDING);
            }
        }));
    }

    /** Turns the engine's answer to this console's own command into the message line. */
    private void noticeAcknowledgement() {
        if (awaiting == null) {
            return;
        }
        board.view().find(awaiting.key()).flatMap(RolloutSnapshot::command).ifPresent(c -> {
            // By id: an earlier command with the same action, reason and person must not pass for this one.
            boolean ours = awaiting.commandId() != null && awaiting.commandId().equals(c.id());
            if (!ours || c.state() == CommandStatus.State.PENDING) {
                return;
            }
            String text = c.message() == null || c.message().isEmpty() ? "" : ": " + c.message();
            if (c.state() == CommandStatus.State.ACKNOWLEDGED) {
                message = Line.of("✔ engine acknowledged " + c.action().wireName() + " of " + awaiting.key() + text,
                        Tone.ADDED);
            } else if (c.state() == CommandStatus.State.IGNORED) {
                message = Line.of("– engine ignored " + c.action().wireName() + " of " + awaiting.key() + text,
                        Tone.PENDING);
            } else {
                message = Line.of("✖ engine rejected " + c.action().wireName() + " of " + awaiting.key() + text,
                        Tone.FAILED);
            }
            awaiting = null;
        });
    }

    // --------------------------------------------------------------- drawing

    /** Paints the whole console for the canvas's size. */
    public void draw(Canvas canvas) {
        noticeAcknowledgement();
        Instant now = clock.instant();
        int h = canvas.height();
        canvas.row(0, header());
        int bodyFirst = 1;
        int bodyLast = Math.max(bodyFirst, h - 3);
        switch (view) {
            case LIST -> drawList(canvas, now, bodyFirst, bodyLast);
            case DETAIL -> drawDetail(canvas, now, bodyFirst, bodyLast);
            case DORA -> {
                dora.request();
                drawPage(canvas, DoraView.lines(dora.state(), canvas.width(), clock.getZone()), bodyFirst, bodyLast);
            }
            case HELP -> drawLines(canvas, HelpView.lines(helpFrom, access), 0, bodyFirst, bodyLast);
            default -> throw new IllegalStateException(view.name());
        }
        if (h >= 3) {
            canvas.row(h - 2, KeyHints.forView(view, access, canvas.width()));
        }
        if (h >= 2) {
            canvas.row(h - 1, bottomLine(canvas.width()));
        }
    }

    private Line header() {
        Line line = new Line().add(" cicd ", Tone.TITLE).add("│ ", Tone.MUTED)
                .add(switch (view) {
                    case LIST -> "rollouts";
                    case DETAIL -> "rollout " + selected;
                    case DORA -> "dora";
                    case HELP -> "help";
                }).add(" │ ", Tone.MUTED)
                .add("ns: " + (namespace == null ? "all" : namespace)).add(" │ ", Tone.MUTED)
                .add(access.actor().name() + " (" + access.role().label() + ")",
                        access.mayAct() ? Tone.ADDED : Tone.PENDING);
        board.warning().ifPresent(w -> line.add(" │ ", Tone.MUTED).add("⚠ " + w, Tone.FAILED));
        if (view == View.LIST) {
            int total = board.view().rollouts().size();
            line.add(" │ ", Tone.MUTED).add(visible().size() + "/" + total + " rollouts");
            if (!filter.isEmpty()) {
                line.add(" │ ", Tone.MUTED).add("filter: " + filter, Tone.PENDING);
            }
        }
        return line;
    }

    private void drawList(Canvas canvas, Instant now, int first, int last) {
        List<RolloutSnapshot> rows = visible();
        int index = selectedIndex(rows);
        if (index >= 0) {
            selected = rows.get(index).key();
        }
        listRows = Math.max(1, last - first);
        if (index < listTop) {
            listTop = Math.max(0, index);
        } else if (index >= listTop + listRows) {
            listTop = index - listRows + 1;
        }
        listTop = Math.max(0, Math.min(listTop, Math.max(0, rows.size() - listRows)));
        String empty = filter.isEmpty()
                ? "no rollouts in " + (namespace == null ? "any namespace" : "namespace " + namespace)
                : "no rollouts match '" + filter + "'";
        RolloutListView.draw(canvas, rows, index, listTop, now, first, last, empty);
    }

    private void drawDetail(Canvas canvas, Instant now, int first, int last) {
        Optional<RolloutSnapshot> r = selected == null ? Optional.empty() : board.view().find(selected);
        if (r.isEmpty()) {
            drawLines(canvas, List.of(Line.of(selected + " is gone: its record was deleted. esc goes back.",
                    Tone.PENDING)), 0, first, last);
            return;
        }
        drawPage(canvas, RolloutDetailView.lines(r.get(), canvas.width(), now, clock.getZone()), first, last);
    }

    /** Draws a scrollable page (the detail, the DORA screen) at the current scroll position. */
    private void drawPage(Canvas canvas, List<Line> lines, int first, int last) {
        pageLines = lines.size();
        pageRows = last - first + 1;
        scroll = Math.max(0, Math.min(scroll, Math.max(0, pageLines - pageRows)));
        drawLines(canvas, lines, scroll, first, last);
    }

    private static void drawLines(Canvas canvas, List<Line> lines, int from, int first, int last) {
        for (int row = first, i = from; row <= last; row++, i++) {
            canvas.row(row, i < lines.size() ? lines.get(i) : Line.empty());
        }
    }

    private Line bottomLine(int width) {
        return switch (prompt) {
            case FILTER -> new Line().add("/", Tone.TITLE).add(input.toString()).add("█", Tone.MUTED);
            case COMMAND -> new Line().add(":", Tone.TITLE).add(input.toString()).add("█", Tone.MUTED);
            case CONFIRM -> confirmation(width);
            case REASON -> new Line().add("Reason for " + pendingAction.wireName() + " of " + pendingTarget + ": ",
                    Tone.TITLE).add(input.toString()).add("█", Tone.MUTED)
                    .add(reasonMissing ? "  a reason is required: it goes into the audit trail" : "", Tone.PENDING);
            case NONE -> message;
        };
    }

    /**
     * "Abort prod/checkout? traffic goes back to stable now. [y/N]": on a narrow terminal the effect, then the
     * question, gives way (cut with an ellipsis) so that the keys to answer always show.
     */
    private Line confirmation(int width) {
        String keys = "[y/N]";
        String question = capital(pendingAction.wireName()) + " " + pendingTarget + "? ";
        String effect = pendingAction.effect() + ". ";
        int room = Math.max(0, width - keys.length());
        if (question.length() + effect.length() > room) {
            int forEffect = room - question.length();
            effect = forEffect >= 4 ? Line.fit(effect.stripTrailing(), forEffect - 1) + " " : "";
            if (effect.isEmpty()) {
                question = Line.fit(question.stripTrailing(), Math.max(0, room - 1)) + " ";
            }
        }
        return new Line().add(question, pendingAction.destructive() ? Tone.FAILED : Tone.PENDING).add(effect)
                .add(keys, Tone.TITLE);
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
