package dev.vigil.alerting;

import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CEL condition of an alert rule. It sees one variable, {@code alert}, a map with {@code severity} ({@code
 * critical} … {@code low}), {@code kind}, {@code status}, {@code previousStatus}, {@code checkId}, {@code
 * frameworks} (ids), {@code requirements} ({@code "soc2 CC6.1"}), {@code controls}, {@code categories} (of the
 * controls), {@code integrationId}, {@code integration} (name), {@code connector}, and {@code resource} ({@code
 * type}, {@code name}, {@code externalId}, {@code attributes}). Example: {@code alert.severity in ['critical',
 * 'high'] && 'soc2' in alert.frameworks}.
 */
final class RuleCondition {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("alert", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private RuleCondition() {}

    /** @return the problems with line and column, or an empty list when the condition compiles */
    static List<String> problems(String condition) {
        try {
            program(condition);
            return List.of();
        } catch (CelValidationException e) {
            List<String> problems = new ArrayList<>();
            for (CelIssue issue : e.getErrors()) {
                problems.add("line " + issue.getSourceLocation().getLine() + ", column "
                        + (issue.getSourceLocation().getColumn() + 1) + ": " + issue.getMessage());
            }
            return problems;
        } catch (CelEvaluationException e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * Whether the condition holds for the alert. A condition that cannot be evaluated (a missing attribute, a
     * result that is not a boolean) counts as matching: an alert sent to one channel too many beats one lost.
     */
    static Evaluation matches(String condition, Map<String, Object> alert) {
        try {
            Object result = program(condition).eval(Map.of("alert", alert));
            if (result instanceof Boolean b) {
                return new Evaluation(b, null);
            }
            return new Evaluation(true, "the condition returned " + result + " instead of true or false");
        } catch (CelValidationException | CelEvaluationException e) {
            return new Evaluation(true, e.getMessage());
        }
    }

    record Evaluation(boolean matches, String problem) {}

    private static CelRuntime.Program program(String condition) throws CelValidationException, CelEvaluationException {
        CelRuntime.Program cached = PROGRAMS.get(condition);
        if (cached != null) {
            return cached;
        }
        CelRuntime.Program program =
                RUNTIME.createProgram(COMPILER.compile(condition).getAst());
        if (PROGRAMS.size() < 10_000) {
            PROGRAMS.put(condition, program);
        }
        return program;
    }
}
