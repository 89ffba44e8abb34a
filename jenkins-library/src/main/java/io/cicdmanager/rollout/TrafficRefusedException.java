package io.cicdmanager.rollout;

/**
 * A traffic move that would send users to a track without the ready pods it needs, refused where the move is made:
 * whatever ended the wait before it (a promote, a resumed engine, a bug), the weight, selector or route stays.
 */
public final class TrafficRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    TrafficRefusedException(String message) {
        super(message);
    }
}
