package dev.vigil.monitoring;

import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.ContentValidationException;
import dev.vigil.catalog.FrameworkCatalog;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Evaluates checks. A pure function of (check, resource attributes): no I/O, no clock, thread-safe.
 *
 * <p>Every CEL expression of the catalog is compiled once at construction; an invalid one stops start-up with
 * the content file, the check id and the position in the expression. CEL sees two variables: {@code resource}
 * (the attribute document) and {@code params} (the check's thresholds).
 */
@Service
public class CheckEngine {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("resource", SimpleType.DYN)
            .addVar("params", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final Map<String, CompiledCheck> compiled = new HashMap<>();
    private final Map<String, JavaCheck> javaChecks;

    public CheckEngine(FrameworkCatalog catalog, List<JavaCheck> javaChecks) {
        this.javaChecks = javaChecks.stream().collect(Collectors.toMap(JavaCheck::id, Function.identity()));
        for (CheckDefinition check : catalog.checks()) {
            compiled.put(check.id(), compile(check));
        }
        for (String id : this.javaChecks.keySet()) {
            boolean declared = catalog.check(id)
                    .filter(c -> c.implementation() == CheckDefinition.Implementation.JAVA)
                    .isPresent();
            if (!declared) {
                throw new ContentValidationException(
                        "Java check '" + id + "' has no catalog entry with 'implementation: java'");
            }
        }
    }

    private CompiledCheck compile(CheckDefinition check) {
        if (check.implementation() == CheckDefinition.Implementation.JAVA) {
            JavaCheck implementation = javaChecks.get(check.id());
            if (implementation == null) {
                throw ContentValidationException.at(
                        check.source(), check.id(), "declared 'implementation: java' but no Java check has this id");
            }
            return new CompiledCheck(check, null, null, null, implementation, Map.of());
        }
        return new CompiledCheck(
                check,
                program(check, "expression", check.expression()),
                program(check, "observed", check.observed()),
                check.applicableWhen() == null ? null : program(check, "applicableWhen", check.applicableWhen()),
                null,
                celParameters(check.parameters()));
    }

    private static CelRuntime.Program program(CheckDefinition check, String field, String expression) {
        try {
            return RUNTIME.createProgram(COMPILER.compile(expression).getAst());
        } catch (CelValidationException e) {
            throw ContentValidationException.at(
                    check.source(), check.id(), "invalid CEL in '" + field + "': " + describe(e));
        } catch (CelEvaluationException e) {
            throw ContentValidationException.at(
                    check.source(), check.id(), "cannot prepare '" + field + "': " + e.getMessage());
        }
    }

    /**
     * Validates a CEL expression as a check would use it.
     *
     * @return empty when valid, else the problem with its line and column
     */
    public static Optional<String> validate(String expression) {
        try {
            COMPILER.compile(expression).getAst();
            return Optional.empty();
        } catch (CelValidationException e) {
            return Optional.of(describe(e));
        }
    }

    private static String describe(CelValidationException e) {
        List<String> problems = new ArrayList<>();
        for (CelIssue issue : e.getErrors()) {
            problems.add("line " + issue.getSourceLocation().getLine() + ", column "
                    + (issue.getSourceLocation().getColumn() + 1) + ": " + issue.getMessage());
        }
        return String.join("; ", problems);
    }

    /**
     * Evaluates one check on one resource snapshot.
     *
     * @param attributes the attribute document; numbers may be any {@link Number}
     * @param unknown attributes the connector could not determine, with reasons
     */
    public CheckOutcome evaluate(CheckDefinition check, Map<String, Object> attributes, Map<String, String> unknown) {
        return evaluate(check, prepare(attributes, unknown));
    }

    /**
     * Converts a resource once for many evaluations (CEL needs int64 and double numbers).
     */
    public static PreparedResource prepare(Map<String, Object> attributes, Map<String, String> unknown) {
        @SuppressWarnings("unchecked")
        Map<String, Object> converted = (Map<String, Object>) celValue(attributes);
        return new PreparedResource(attributes, converted, Map.copyOf(unknown));
    }

    /** Evaluates one check on a prepared resource snapshot. */
    public CheckOutcome evaluate(CheckDefinition check, PreparedResource resource) {
        Map<String, Object> attributes = resource.attributes();
        Map<String, String> unknown = resource.unknown();
        CompiledCheck compiledCheck = compiled.get(check.id());
        if (compiledCheck == null || !compiledCheck.definition().fingerprint().equals(check.fingerprint())) {
            compiledCheck = compile(check);
        }
        for (String required : check.requires()) {
            if (unknown.containsKey(required)) {
                return CheckOutcome.error("Could not determine " + required + ": " + unknown.get(required));
            }
            if (!attributes.containsKey(required)) {
                return CheckOutcome.error("The connector did not report '" + required + "' for this resource.");
            }
        }
        if (compiledCheck.javaCheck() != null) {
            try {
                return compiledCheck.javaCheck().evaluate(attributes, check.parameters());
            } catch (RuntimeException e) {
                return CheckOutcome.error("The check failed to evaluate: " + e.getMessage());
            }
        }
        Map<String, Object> variables = Map.of("resource", resource.celAttributes(), "params", compiledCheck.params());
        if (compiledCheck.applicableWhen() != null) {
            Object applicable;
            try {
                applicable = compiledCheck.applicableWhen().eval(variables);
            } catch (CelEvaluationException e) {
                return CheckOutcome.error("Could not decide whether the check applies: " + e.getMessage());
            }
            if (!(applicable instanceof Boolean)) {
                return CheckOutcome.error("'applicableWhen' returned " + applicable + " instead of true or false.");
            }
            if (!(Boolean) applicable) {
                return CheckOutcome.notApplicable(check.notApplicableReason());
            }
        }
        Object verdict;
        try {
            verdict = compiledCheck.expression().eval(variables);
        } catch (CelEvaluationException e) {
            return CheckOutcome.error("Could not evaluate: " + e.getMessage() + unknownNote(unknown));
        }
        if (!(verdict instanceof Boolean passed)) {
            return CheckOutcome.error("The expression returned " + verdict + " instead of true or false.");
        }
        String observed;
        try {
            observed = display(compiledCheck.observed().eval(variables));
        } catch (CelEvaluationException e) {
            observed = "(not available: " + e.getMessage() + ")";
        }
        return passed
                ? CheckOutcome.pass(check.passReason().replace("{observed}", observed), observed)
                : CheckOutcome.fail(check.failReason().replace("{observed}", observed), observed);
    }

    /** When evaluation fails on a value the connector could not determine, the connector's reason explains it. */
    private static String unknownNote(Map<String, String> unknown) {
        if (unknown.isEmpty()) {
            return "";
        }
        return " (the connector could not determine: "
                + unknown.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("; "))
                + ")";
    }

    /** Renders an observed value for people: lists comma-separated, absent values as "none". */
    static String display(Object value) {
        if (value == null || value instanceof com.google.protobuf.NullValue) {
            return "not set";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty()
                    ? "none"
                    : list.stream().map(CheckEngine::display).collect(Collectors.joining(", "));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> e.getKey() + "=" + display(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
        return value.toString();
    }

    /** CEL wants int64 and double: convert Integer, BigInteger, BigDecimal, Float recursively. */
    static Object celValue(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValue();
        }
        if (value instanceof BigDecimal || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), celValue(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(celValue(v)));
            return copy;
        }
        return value == null ? com.google.protobuf.NullValue.NULL_VALUE : value;
    }

    private record CompiledCheck(
            CheckDefinition definition,
            CelRuntime.Program expression,
            CelRuntime.Program observed,
            CelRuntime.Program applicableWhen,
            JavaCheck javaCheck,
            Map<String, Object> params) {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> celParameters(Map<String, Object> parameters) {
        return (Map<String, Object>) celValue(parameters);
    }

    /**
     * A resource snapshot ready for evaluation.
     *
     * @param attributes the attribute document as stored (given to Java checks)
     * @param celAttributes the same document with CEL-compatible numbers
     * @param unknown attributes that could not be determined, with reasons
     */
    public record PreparedResource(
            Map<String, Object> attributes, Map<String, Object> celAttributes, Map<String, String> unknown) {}
}
