package io.bkm.alarm.fingerprint;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest decimal that reads back as the same double, in fixed
 * notation for decimal exponents -4..15 and scientific ({@code 1e-05}, {@code 1e+16}) otherwise.
 * Java 17's {@code Double.toString} is neither always shortest nor formatted this way.
 */
public final class PythonFloat {
    private PythonFloat() {}

    public static String repr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0.0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(d);
        String digits = shortest.unscaledValue().abs().toString();
        // strip trailing zeros of the digit string (kept in the exponent instead)
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        // value = 0.d1d2... * 10^(exp10 + 1) => scientific exponent of d1.d2...
        int sciExp = shortest.precision() - shortest.scale() - 1;
        String sign = d < 0 ? "-" : "";
        if (sciExp < -4 || sciExp >= 16) {
            String mantissa =
                    digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(sciExp));
            return sign + mantissa + "e" + (sciExp < 0 ? "-" : "+") + exp;
        }
        if (sciExp < 0) {
            return sign + "0." + "0".repeat(-sciExp - 1) + digits;
        }
        if (digits.length() <= sciExp + 1) {
            return sign + digits + "0".repeat(sciExp + 1 - digits.length()) + ".0";
        }
        return sign + digits.substring(0, sciExp + 1) + "." + digits.substring(sciExp + 1);
    }

    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
