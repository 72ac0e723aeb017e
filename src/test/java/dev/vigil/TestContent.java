package dev.vigil;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Attribute documents of {@code host.linux} resources for tests, built in code so every value is visible. */
public final class TestContent {

    private TestContent() {}

    /** A host whose SSH daemon lets root sign in and allows 6 tries, with one unencrypted volume. */
    public static Map<String, Object> weakHost() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("hostname", "weak");
        attributes.put(
                "sshd",
                new LinkedHashMap<>(Map.of(
                        "installed",
                        true,
                        "permitRootLogin",
                        "yes",
                        "maxAuthTries",
                        6,
                        "passwordAuthentication",
                        true)));
        attributes.put(
                "volumes",
                List.of(Map.of(
                        "mountPoint",
                        "/",
                        "device",
                        "/dev/sda1",
                        "fsType",
                        "ext4",
                        "encrypted",
                        false,
                        "reason",
                        "no dm-crypt")));
        return attributes;
    }

    /** A host with root login refused, 3 tries and an encrypted volume. */
    public static Map<String, Object> hardenedHost() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("hostname", "hardened");
        attributes.put(
                "sshd",
                new LinkedHashMap<>(Map.of(
                        "installed",
                        true,
                        "permitRootLogin",
                        "no",
                        "maxAuthTries",
                        3L,
                        "passwordAuthentication",
                        false)));
        attributes.put(
                "volumes",
                List.of(Map.of(
                        "mountPoint",
                        "/",
                        "device",
                        "/dev/mapper/root",
                        "fsType",
                        "ext4",
                        "encrypted",
                        true,
                        "reason",
                        "dm-crypt (LUKS)")));
        return attributes;
    }
}
