package io.bkm.alarm.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import org.junit.jupiter.api.Test;

class ThresholdTest {
    private static Threshold of(String config) throws Exception {
        Strategy.Algorithm a = new Strategy.Algorithm();
        a.level = 2;
        a.type = "Threshold";
        a.config = Json.MAPPER.readTree(config);
        return Threshold.of(a);
    }

    @Test
    void everyMethodComparesAsItsName() throws Exception {
        String[][] cases = {
            {"gt", "5", "6", "5"},
            {"gte", "5", "5", "4.9"},
            {"lt", "5", "4", "5"},
            {"lte", "5", "5", "5.1"},
            {"eq", "5", "5", "6"},
            {"neq", "5", "6", "5"}
        };
        for (String[] c : cases) {
            Threshold t = of("[[{\"method\":\"" + c[0] + "\",\"threshold\":" + c[1] + "}]]");
            assertThat(t.matches(Double.parseDouble(c[2]))).as(c[0] + " holds").isTrue();
            assertThat(t.matches(Double.parseDouble(c[3]))).as(c[0] + " fails").isFalse();
        }
    }

    @Test
    void clausesOfAGroupAreAndedAndGroupsOred() throws Exception {
        Threshold band =
                of(
                        "[[{\"method\":\"gte\",\"threshold\":10},{\"method\":\"lt\",\"threshold\":20}],"
                            + "[{\"method\":\"eq\",\"threshold\":0}]]");
        assertThat(band.matches(15)).isTrue();
        assertThat(band.matches(0)).isTrue();
        assertThat(band.matches(20)).isFalse();
        assertThat(band.matches(5)).isFalse();
        assertThat(band.describe()).isEqualTo(">= 10 and < 20 or = 0");
    }

    @Test
    void anotherTypeHoldsForEveryValue() throws Exception {
        Strategy.Algorithm a = new Strategy.Algorithm();
        a.type = "";
        assertThat(Threshold.of(a).matches(0)).isTrue();
    }

    @Test
    void badConfigsAreRefusedWithAReason() {
        for (String bad :
                new String[] {
                    "[]",
                    "{}",
                    "[[]]",
                    "[[{\"method\":\"between\",\"threshold\":1}]]",
                    "[[{\"method\":\"gt\",\"threshold\":\"1\"}]]",
                    "[[{\"method\":\"gt\"}]]",
                    "[1]"
                }) {
            assertThatThrownBy(() -> of(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }
}
