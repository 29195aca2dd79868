package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL refuses to run as root ("root execution of the PostgreSQL server is not permitted"),
 * and CI containers and this machine run tests as root. Then initdb and pg_ctl run as the
 * {@code postgres} OS user through {@code runuser}, and the files they write must belong to it.
 * As any other user, commands run unchanged.
 */
final class PostgresOsUser {
    static final String NAME = "postgres";

    private final boolean root;

    private PostgresOsUser(boolean root) {
        this.root = root;
    }

    /** Detects root and, when root, makes sure the {@code postgres} user exists. */
    static PostgresOsUser detect(Path logDir) throws IOException {
        boolean root = isRoot();
        if (root && !userExists()) {
            ChildProcesses.run(List.of("useradd", "--system", "--no-create-home", NAME), logDir,
                    logDir.resolve("useradd.log"), Duration.ofSeconds(30));
        }
        return new PostgresOsUser(root);
    }

    boolean switchesUser() {
        return root;
    }

    /** {@code command}, prefixed with {@code runuser -u postgres --} when we are root. */
    List<String> wrap(List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code path} to the postgres user when we are root; a no-op otherwise. */
    void own(Path path) throws IOException {
        if (!root) {
            return;
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(lookup.lookupPrincipalByName(NAME));
        try {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(NAME);
            view.setGroup(group);
        } catch (UserPrincipalNotFoundException e) {
            // useradd --system may create no group of the same name; the owner is what counts
        }
    }

    /**
     * Root is uid 0 whatever the user is called: the owner of {@code /proc/self} is this
     * process's effective uid. Elsewhere, fall back to the user name.
     */
    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean userExists() {
        try {
            UserPrincipal user = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
            return user != null;
        } catch (IOException e) {
            return false;
        }
    }
}
