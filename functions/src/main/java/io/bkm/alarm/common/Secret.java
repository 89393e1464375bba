package io.bkm.alarm.common;

import java.io.Serializable;

/**
 * A password or key, as read from where the configuration says it is. It prints as a placeholder,
 * so settings that hold one can be logged, shown in exceptions and compared in tests without giving
 * it away; only the client that authenticates with it calls {@link #reveal()}.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Secret NONE = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : "(secret)";
    }
}
