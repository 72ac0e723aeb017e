package dev.vigil.monitoring;

import java.util.Map;

/**
 * A check whose logic CEL cannot express well. Registered as a Spring bean; its {@link #id()} must match a
 * catalog check declared with {@code implementation: java}.
 *
 * <p>Implementations are pure functions of their input and thread-safe. Anything that cannot be decided is
 * {@link CheckOutcome#error(String)} or {@link CheckOutcome#notApplicable(String)} with the reason, never a
 * pass.
 */
public interface JavaCheck {

    /** The catalog id this implementation evaluates. */
    String id();

    /**
     * @param attributes the resource's attribute document (the engine has already verified required attributes)
     * @param parameters the check's configured thresholds
     */
    CheckOutcome evaluate(Map<String, Object> attributes, Map<String, Object> parameters);
}
