package dev.allocator.model.compact.v1;

import java.util.List;
import java.util.Objects;

/** Record lists are copied so a caller's later change cannot alter a hash already signed. */
final class Lists {
    private Lists() {}

    static <T> List<T> nonEmptyCopy(List<T> list, String name) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        if (list.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(name + " must not contain null");
        }
        return List.copyOf(list);
    }
}
