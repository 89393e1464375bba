package io.bkm.alarm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {
    @Test
    void statementsEndAtASemicolonAtALineEndAndCommentLinesGo() {
        assertThat(
                        SqlStatements.split(
                                "-- a table\n"
                                        + "CREATE TABLE t (a STRING);\n\n"
                                        + "-- and what goes in\n"
                                        + "INSERT INTO t\n"
                                        + "SELECT 'x;y' FROM s;\n"))
                .containsExactly("CREATE TABLE t (a STRING)", "INSERT INTO t\nSELECT 'x;y' FROM s");
    }

    @Test
    void settingsAreFilledInAndAnUnknownOneIsNamed() {
        assertThat(SqlStatements.fill("WHERE n > ${a.b}", Map.of("a.b", "5"), "f.sql"))
                .isEqualTo("WHERE n > 5");
        assertThatThrownBy(() -> SqlStatements.fill("${nope}", Map.of(), "f.sql"))
                .hasMessage("sql/f.sql uses ${nope}, which is no setting");
    }

    @Test
    void spansBecomeDayToSecondIntervals() {
        assertThat(SqlJob.interval(600)).isEqualTo("INTERVAL '0 00:10:00' DAY TO SECOND");
        assertThat(SqlJob.interval(90_061)).isEqualTo("INTERVAL '1 01:01:01' DAY TO SECOND");
    }
}
