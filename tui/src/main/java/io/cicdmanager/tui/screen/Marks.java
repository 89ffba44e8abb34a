package io.cicdmanager.tui.screen;

import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.tui.model.Tone;
import java.util.Locale;

/** The icon and the colour role every screen gives a rollout's phase and a check's verdict. */
final class Marks {
    private Marks() {
    }

    /** How a phase or a verdict shows: an icon, a name and a tone. */
    record Mark(String icon, String name, Tone tone) {
        /** "◌ Progressing". */
        String text() {
            return icon + " " + name;
        }
    }

    static Mark of(RolloutPhase phase) {
        return switch (phase) {
            case PENDING -> new Mark("○", phase.wireName(), Tone.ADDED);
            case PROGRESSING -> new Mark("◌", phase.wireName(), Tone.MODIFIED);
            case PAUSED -> new Mark("‖", phase.wireName(), Tone.PENDING);
            case PROMOTING -> new Mark("▲", phase.wireName(), Tone.MODIFIED);
            case SUCCEEDED -> new Mark("✔", phase.wireName(), Tone.COMPLETED);
            case ABORTING -> new Mark("↺", phase.wireName(), Tone.FAILED);
            case ROLLED_BACK -> new Mark("↩", phase.wireName(), Tone.FAILED);
            case FAILED -> new Mark("✖", phase.wireName(), Tone.FAILED);
        };
    }

    /**
     * "✔ Pass", or "· None" for a check (or a rollout) no round has judged yet. ERROR, the metrics backend could not
     * be reached, is never a pass.
     */
    static Mark of(Verdict verdict) {
        if (verdict == null) {
            return new Mark("·", "None", Tone.MUTED);
        }
        String name = verdict.name().charAt(0) + verdict.name().substring(1).toLowerCase(Locale.ROOT);
        return switch (verdict) {
            case PASS -> new Mark("✔", name, Tone.ADDED);
            case FAIL -> new Mark("✖", name, Tone.FAILED);
            case INCONCLUSIVE -> new Mark("?", name, Tone.PENDING);
            case ERROR -> new Mark("!", name, Tone.FAILED);
        };
    }
}
