package dev.vigil.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code host.data-volumes-encrypted}: every data volume of a host is encrypted at rest. A volume whose
 * encryption cannot be determined makes the result ERROR (never PASS); an unencrypted one makes it FAIL. Mount
 * points listed in the parameter {@code excludedMountPoints} (boot partitions by default) are not data volumes.
 */
@Component
class DataVolumesEncryptedCheck implements JavaCheck {

    @Override
    public String id() {
        return "host.data-volumes-encrypted";
    }

    @Override
    public CheckOutcome evaluate(Map<String, Object> attributes, Map<String, Object> parameters) {
        if (!(attributes.get("volumes") instanceof List<?> volumes)) {
            return CheckOutcome.error("The connector reported no volume list.");
        }
        if (volumes.isEmpty()) {
            return CheckOutcome.notApplicable("No data volumes were found on this host.");
        }
        List<?> excluded = parameters.get("excludedMountPoints") instanceof List<?> list ? list : List.of();
        List<String> unencrypted = new ArrayList<>();
        List<String> undetermined = new ArrayList<>();
        List<String> encrypted = new ArrayList<>();
        for (Object item : volumes) {
            if (!(item instanceof Map<?, ?> volume)) {
                return CheckOutcome.error("The volume list has an entry that is not a volume: " + item);
            }
            if (excluded.contains(volume.get("mountPoint"))) {
                continue;
            }
            String label = volume.get("mountPoint") + " (" + volume.get("device") + ")";
            Object state = volume.get("encrypted");
            if (Boolean.TRUE.equals(state)) {
                encrypted.add(label);
            } else if (Boolean.FALSE.equals(state)) {
                unencrypted.add(label);
            } else {
                Object why = volume.get("reason");
                undetermined.add(label + (why == null ? "" : ": " + why));
            }
        }
        if (!unencrypted.isEmpty()) {
            String observed = String.join(", ", unencrypted);
            return CheckOutcome.fail("Not encrypted at rest: " + observed + ".", observed);
        }
        if (!undetermined.isEmpty()) {
            return CheckOutcome.error(
                    "Encryption could not be determined for " + String.join("; ", undetermined) + ".");
        }
        if (encrypted.isEmpty()) {
            return CheckOutcome.notApplicable("Only excluded mount points " + excluded + " were found.");
        }
        String observed = String.join(", ", encrypted);
        return CheckOutcome.pass("All data volumes are encrypted: " + observed + ".", observed);
    }
}
