package dev.vigil.web.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * An address that matches no page: a browser (asking for HTML) gets the 404 page rather than the JSON problem
 * document Boot's problem-details handler writes for API clients, which keep getting it.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownAddressAdvice {

    private final UiAdvice ui;

    UnknownAddressAdvice(UiAdvice ui) {
        this.ui = ui;
    }

    @ExceptionHandler(value = NoResourceFoundException.class, produces = MediaType.TEXT_HTML_VALUE)
    String notFound(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        ui.decorate(model, request, locale);
        return "error/404";
    }
}
