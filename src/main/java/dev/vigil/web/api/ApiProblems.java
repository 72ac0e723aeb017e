package dev.vigil.web.api;

import dev.vigil.alerting.AlertingNotFoundException;
import dev.vigil.alerting.InvalidAlertingException;
import dev.vigil.evidence.EvidenceTasks;
import dev.vigil.evidence.InvalidUploadException;
import dev.vigil.identity.InvalidApiTokenException;
import dev.vigil.integration.AgentReportException;
import dev.vigil.integration.InboundEventException;
import dev.vigil.integration.IntegrationNotFoundException;
import dev.vigil.integration.InvalidIntegrationException;
import dev.vigil.integration.RunInProgressException;
import dev.vigil.posture.InvalidScopeException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Turns failures of API calls into RFC 9457 problem details that say what was wrong, naming the field. Field
 * problems are listed under {@code errors} (field to message).
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(InvalidIntegrationException.class)
    ProblemDetail invalid(InvalidIntegrationException e) {
        return invalidFields(e.fieldErrors());
    }

    @ExceptionHandler(InboundEventException.class)
    ProblemDetail inboundEvent(InboundEventException e) {
        log.info("Refused an inbound event: {} ({})", e.getMessage(), e.status());
        return problem(HttpStatus.valueOf(e.status()), e.title(), e.getMessage());
    }

    @ExceptionHandler(AgentReportException.class)
    ResponseEntity<ProblemDetail> agentReport(AgentReportException e) {
        log.info("Refused an agent report: {} ({})", e.getMessage(), e.status());
        ProblemDetail problem = problem(HttpStatus.valueOf(e.status()), e.title(), e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfter() != null) {
            response.header(
                    HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
        }
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(problem);
    }

    @ExceptionHandler(InvalidAlertingException.class)
    ProblemDetail invalidAlerting(InvalidAlertingException e) {
        return invalidFields(e.fieldErrors());
    }

    @ExceptionHandler({IntegrationNotFoundException.class, NotFoundException.class, AlertingNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(RunInProgressException.class)
    ProblemDetail conflict(RunInProgressException e) {
        return problem(HttpStatus.CONFLICT, "Run in progress", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        log.info(
                "Rejected unreadable API request body: {}",
                e.getMostSpecificCause().getMessage());
        return problem(
                HttpStatus.BAD_REQUEST,
                "Malformed request body",
                "The request body is not valid JSON of the expected shape: "
                        + firstLine(e.getMostSpecificCause().getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return invalidFields(Map.of(e.getName(), "'" + e.getValue() + "' is not a valid value"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return invalidFields(Map.of(e.getParameterName(), "is required"));
    }

    @ExceptionHandler(InvalidUploadException.class)
    ProblemDetail invalidUpload(InvalidUploadException e) {
        return invalidFields(e.fieldErrors());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        log.info("Rejected an upload over the size limit: {}", e.getMessage());
        ProblemDetail problem = problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "Upload too large",
                "The file is larger than the " + EvidenceTasks.MAX_BYTES / (1024 * 1024) + " MB Vigil accepts.");
        problem.setProperty(
                "errors", Map.of("file", "must be at most " + EvidenceTasks.MAX_BYTES / (1024 * 1024) + " MB"));
        return problem;
    }

    @ExceptionHandler(InvalidScopeException.class)
    ProblemDetail invalidScope(InvalidScopeException e) {
        return invalidFields(e.fieldErrors());
    }

    @ExceptionHandler(InvalidApiTokenException.class)
    ProblemDetail invalidApiToken(InvalidApiTokenException e) {
        return invalidFields(e.fieldErrors());
    }

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        return invalidFields(Map.of(e.field(), e.getMessage()));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void rethrow(RuntimeException e) {
        // Left to Spring Security, which answers 401/403 with its own problem details.
        throw e;
    }

    static ProblemDetail invalidFields(Map<String, String> errors) {
        log.info("Rejected invalid API input: {}", errors);
        StringBuilder detail = new StringBuilder();
        errors.forEach((field, message) -> detail.append(detail.isEmpty() ? "" : "; ")
                .append(field)
                .append(' ')
                .append(message));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid input", detail.toString());
        problem.setProperty("errors", errors);
        return problem;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "empty body";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
