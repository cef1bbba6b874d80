package org.gridwatch.system;

import java.util.Arrays;
import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Orders the system test classes so that those starting a stack of their own ({@link LocalStackIT}, which
 * also checks that no process is left once it stops) run before the first class starts the shared
 * {@link SystemStack}; by class name within each group. Set in {@code junit-platform.properties}.
 */
public final class SharedStackLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(SharedStackLast::usesSharedStack)
                .thenComparing(d -> d.getTestClass().getName()));
    }

    private static boolean usesSharedStack(ClassDescriptor descriptor) {
        return descriptor.findRepeatableAnnotations(ExtendWith.class).stream()
                .anyMatch(e -> Arrays.asList(e.value()).contains(SystemStack.class));
    }
}
