package dev.stampededoctor.cli.servers;

import java.util.ArrayList;
import java.util.List;

/**
 * What each resolution step said, so that "no server" fails with one message naming every step
 * tried, why it did not give a server, and what to install.
 */
final class Attempts {
    private final String server;
    private final List<String> lines = new ArrayList<>();
    private Exception firstFailure;

    Attempts(String server) {
        this.server = server;
    }

    /** The step could not apply here (nothing configured or installed). */
    void unavailable(ServerOrigin step, String why) {
        lines.add(step.name().toLowerCase(java.util.Locale.ROOT) + ": " + why);
    }

    /** The step applied but starting the server failed. */
    void failed(ServerOrigin step, Exception e) {
        lines.add(step.name().toLowerCase(java.util.Locale.ROOT) + ": FAILED " + e.getMessage());
        if (firstFailure == null) {
            firstFailure = e;
        }
    }

    void forcedAway(ServerOrigin step, String forced) {
        lines.add(step.name().toLowerCase(java.util.Locale.ROOT) + ": not tried (" + ServerOrigin.FORCE_VARIABLE
                + "=" + forced + ")");
    }

    /** The exception the test fails with. */
    IllegalStateException failure(String remedy) {
        IllegalStateException e = new IllegalStateException("no " + server + " for the integration tests: " + remedy
                + ".\nTried:\n  " + String.join("\n  ", lines));
        if (firstFailure != null) {
            e.initCause(firstFailure);
        }
        return e;
    }
}
