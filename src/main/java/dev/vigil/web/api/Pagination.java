package dev.vigil.web.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Keyset pagination for list endpoints: a {@code limit} (default 100, at most 500) and an opaque {@code after}
 * cursor. The next page's URL travels in a {@code Link: <…>; rel="next"} header, so list bodies stay plain JSON
 * arrays.
 */
final class Pagination {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private Pagination() {}

    static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw new BadRequestException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }

    static String encode(String... parts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }

    static String[] decode(String cursor, int parts) {
        try {
            String[] decoded =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (decoded.length != parts) {
                throw new IllegalArgumentException();
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("after", "is not a cursor this endpoint issued");
        }
    }

    /** Returns the page, with a next link when the page is full. */
    static <T> ResponseEntity<List<T>> page(List<T> items, int limit, java.util.function.Function<T, String> cursor) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (items.size() == limit && !items.isEmpty()) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("after", cursor.apply(items.get(items.size() - 1)))
                    .build()
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(items);
    }
}
