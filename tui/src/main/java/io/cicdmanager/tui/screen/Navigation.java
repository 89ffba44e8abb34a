package io.cicdmanager.tui.screen;

import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.model.RolloutSnapshot;
import io.cicdmanager.tui.screen.RolloutConsole.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a person is in the console: the screen shown (and, under the help, the screen it was opened from), the
 * selected rollout, the namespace and the filter.
 */
final class Navigation {
    private final RolloutBoard board;
    private View view = View.LIST;
    private View helpFrom = View.LIST;
    private RolloutKey selected;
    private String namespace;
    private String filter = "";

    /** @param namespace the namespace to show, or null for all */
    Navigation(RolloutBoard board, String namespace) {
        this.board = board;
        this.namespace = namespace;
    }

    View view() {
        return view;
    }

    /** The screen the person looks at, or under the help, the one the help is about. */
    View shown() {
        return view == View.HELP ? helpFrom : view;
    }

    View helpFrom() {
        return helpFrom;
    }

    RolloutKey selected() {
        return selected;
    }

    /** The namespace shown, or null for all. */
    String namespace() {
        return namespace;
    }

    String filter() {
        return filter;
    }

    void filter(String text) {
        filter = text;
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

    /** The index of the selected rollout in {@code rows}, the first when it is not there, -1 when there are none. */
    int selectedIndex(List<RolloutSnapshot> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).key().equals(selected)) {
                return i;
            }
        }
        return rows.isEmpty() ? -1 : 0;
    }

    /** The rollout an action key acts on: the one open in detail, else the one selected in the list. */
    Optional<RolloutSnapshot> current() {
        if (view == View.DETAIL && selected != null) {
            return board.view().find(selected);
        }
        List<RolloutSnapshot> rows = visible();
        int i = selectedIndex(rows);
        return i < 0 ? Optional.empty() : Optional.of(rows.get(i));
    }

    void select(RolloutKey key) {
        selected = key;
    }

    /** Moves the list's selection by {@code delta} rows, stopping at either end. */
    void moveSelection(int delta) {
        List<RolloutSnapshot> rows = visible();
        if (rows.isEmpty()) {
            return;
        }
        int i = (int) Math.max(0, Math.min(rows.size() - 1, (long) selectedIndex(rows) + delta));
        selected = rows.get(i).key();
    }

    /** Opens the selected rollout in detail; true when the list had one to open. */
    boolean open() {
        if (view != View.LIST) {
            return false;
        }
        Optional<RolloutSnapshot> r = current();
        r.ifPresent(s -> {
            selected = s.key();
            view = View.DETAIL;
        });
        return r.isPresent();
    }

    /** esc: closes the help, leaves a rollout or the DORA screen for the list, or clears the list's filter. */
    void back() {
        switch (view) {
            case HELP -> view = helpFrom;
            case DETAIL, DORA -> view = View.LIST;
            case LIST -> filter = "";
            default -> throw new IllegalStateException(view.name());
        }
    }

    /** ?: opens the help over this screen, or closes it. */
    void toggleHelp() {
        if (view == View.HELP) {
            view = helpFrom;
        } else {
            helpFrom = view;
            view = View.HELP;
        }
    }

    /** :help: opens the help, about this screen (or, from the help, the one it is about). */
    void openHelp() {
        helpFrom = view == View.HELP ? helpFrom : view;
        view = View.HELP;
    }

    void show(View screen) {
        view = screen;
    }

    /** :ns: the list of one namespace, or of all when null. */
    void namespace(String ns) {
        namespace = ns;
        view = View.LIST;
    }
}
