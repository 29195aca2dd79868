package dev.stampededoctor.cli.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.cli.UsageException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {
    @Test
    void an_ipv6_host_is_shown_in_one_pair_of_brackets() {
        PostgresUrl u = PostgresUrl.parse("postgresql://ops:pw@[::1]:5433/shop", Map.of());
        assertThat(u.host()).isEqualTo("::1");
        assertThat(u.toString()).isEqualTo("postgresql://ops:***@[::1]:5433/shop");
        assertThat(u.withoutCredentials()).isEqualTo("postgresql://[::1]:5433/shop");
        assertThat(u.jdbcUrl()).startsWith("jdbc:postgresql://[::1]:5433/shop");
    }

    @Test
    void a_port_out_of_range_is_a_usage_error_without_the_password() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://ops:pw@db:99999/shop", Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("the port in a PostgreSQL URL is 1 to 65535: postgresql://ops:***@db:99999/shop");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://db/shop", Map.of("PGPORT", "five")))
                .isInstanceOf(UsageException.class).hasMessage("PGPORT is not a port: five");
    }
}
