package io.cicdmanager.tui.ssh;

import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.tui.model.Role;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The users file of {@code cicd serve}: who may log in, with which keys, in which role. Every key is parsed when
 * the file is read, so a typo fails at start (or reload) naming the file, line and field, not at someone's login.
 * <pre>
 * users:
 *   - {name: alice, role: operator, keys: ["ssh-ed25519 AAAA… alice@laptop"]}
 * </pre>
 */
public final class SshUsers {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9._-]{0,31}");

    private final String source;
    private final List<SshUser> users;
    private final Map<String, SshUser> byFingerprint;

    private SshUsers(String source, List<SshUser> users, Map<String, SshUser> byFingerprint) {
        this.source = source;
        this.users = List.copyOf(users);
        this.byFingerprint = Collections.unmodifiableMap(byFingerprint);
    }

    /** Reads and checks a users file; {@code displayName} is how errors name it. */
    public static SshUsers read(Path file, String displayName) {
        return parse(ConfigReader.read(file, displayName), displayName);
    }

    public static SshUsers parse(String yaml, String displayName) {
        return parse(ConfigReader.read(yaml, displayName), displayName);
    }

    private static SshUsers parse(ConfigNode root, String displayName) {
        if (!root.isMap()) {
            throw root.error("must be a map with a 'users' list");
        }
        root.allowOnly("users");
        List<ConfigNode> entries = root.get("users").asList();
        if (entries.isEmpty()) {
            throw root.get("users").error("lists nobody; add at least one user, or nobody can log in");
        }
        List<SshUser> users = new ArrayList<>();
        Map<String, SshUser> byFingerprint = new HashMap<>();
        Map<String, ConfigNode> names = new HashMap<>();
        for (ConfigNode entry : entries) {
            entry.allowOnly("name", "role", "keys");
            ConfigNode nameNode = entry.get("name");
            String name = nameNode.asString().trim();
            if (!NAME.matcher(name).matches()) {
                throw nameNode.error("'" + name + "' is not a user name (lower-case letters, digits, '.', '_', "
                        + "'-'; starting with a letter or '_'; at most 32)");
            }
            ConfigNode earlier = names.putIfAbsent(name, nameNode);
            if (earlier != null) {
                throw nameNode.error("user '" + name + "' is listed twice (also at line " + earlier.line() + ")");
            }
            Role role = entry.get("role").asEnum(Role.class);
            List<ConfigNode> keyNodes = entry.get("keys").asList();
            if (keyNodes.isEmpty()) {
                throw entry.get("keys").error("has no keys; user '" + name + "' could never log in");
            }
            List<SshUser.AuthorizedKey> keys = new ArrayList<>();
            for (ConfigNode keyNode : keyNodes) {
                keys.add(parseKey(keyNode));
            }
            SshUser user = new SshUser(name, role, keys);
            for (SshUser.AuthorizedKey key : keys) {
                SshUser other = byFingerprint.putIfAbsent(key.fingerprint(), user);
                if (other != null) {
                    throw entry.get("keys").error("key " + key.fingerprint() + " also belongs to '" + other.name()
                            + "'; a key must identify one person");
                }
            }
            users.add(user);
        }
        return new SshUsers(displayName, users, byFingerprint);
    }

    private static SshUser.AuthorizedKey parseKey(ConfigNode node) {
        String line = node.asString().trim();
        try {
            PublicKeyEntry entry = PublicKeyEntry.parsePublicKeyEntry(line);
            if (entry == null) {
                throw node.error("is empty; write the public key line, e.g. \"ssh-ed25519 AAAA… alice@laptop\"");
            }
            PublicKey key = entry.resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
            String[] parts = line.split("\\s+", 3);
            return new SshUser.AuthorizedKey(KeyUtils.getFingerPrint(key), entry.getKeyType(),
                    parts.length > 2 ? parts[2] : "");
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            String shown = line.length() > 40 ? line.substring(0, 40) + "…" : line;
            throw node.error("'" + shown + "' is not an OpenSSH public key line (" + e.getMessage()
                    + "); paste the .pub file's line, e.g. \"ssh-ed25519 AAAA… alice@laptop\"");
        }
    }

    public String source() {
        return source;
    }

    public List<SshUser> users() {
        return users;
    }

    /** The user a key fingerprint belongs to. */
    public Optional<SshUser> byFingerprint(String fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** {@code 3 users (1 admin, 1 operator, 1 viewer)}. */
    public String summary() {
        Map<Role, Integer> counts = new EnumMap<>(Role.class);
        for (SshUser u : users) {
            counts.merge(u.role(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        for (Role r : Role.values()) {
            if (counts.containsKey(r)) {
                parts.add(counts.get(r) + " " + r.label());
            }
        }
        return users.size() + (users.size() == 1 ? " user (" : " users (") + String.join(", ", parts) + ")";
    }
}
