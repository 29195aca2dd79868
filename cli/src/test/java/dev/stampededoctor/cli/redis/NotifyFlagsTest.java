package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotifyFlagsTest {

    @Test
    void only_the_missing_letters_are_added_and_A_stands_for_every_class() {
        assertThat(NotifyFlags.withNeeded("", "Egxem")).isEqualTo("Egxem");
        assertThat(NotifyFlags.withNeeded("lK", "Egxem$h")).isEqualTo("lKEgxem$h");
        assertThat(NotifyFlags.withNeeded("AK", "Egxem$h")).as("A has g, x, e, $ and h").isEqualTo("AKEm");
        assertThat(NotifyFlags.withNeeded("KEA", "Egxem")).isEqualTo("KEAm");
    }

    @Test
    void a_value_is_ours_to_put_back_when_it_adds_only_letters_of_this_tool_to_the_original() {
        assertThat(NotifyFlags.onlyOursAdded("g$lhxeKEm", "lK")).as("Redis's own order").isTrue();
        assertThat(NotifyFlags.onlyOursAdded("lK", "lK")).isTrue();
        assertThat(NotifyFlags.onlyOursAdded("g$lhxeKEmt", "lK")).as("t is an operator's").isFalse();
        assertThat(NotifyFlags.onlyOursAdded("gxeEm", "lK")).as("the original's letters went").isFalse();
        // Redis writes A once the last class is on: $lshzetd plus our g and x.
        assertThat(NotifyFlags.onlyOursAdded("AKEm", "$lshzetdK")).isTrue();
        assertThat(NotifyFlags.onlyOursAdded("AKE", "KE")).as("A adds l, s, z… too").isFalse();
    }

    @Test
    void another_runs_subscriber_is_known_by_its_name_in_client_list() {
        EventSubscribers.Subscriber s = EventSubscribers.parse("id=17 addr=127.0.0.1:50312 laddr=127.0.0.1:6379 fd=9"
                + " name=stampede-doctor:notify-keyspace-events-was=lK age=3 idle=3 flags=P db=0 sub=0 psub=1");
        assertThat(s).isEqualTo(new EventSubscribers.Subscriber(17, "127.0.0.1:50312", "lK"));
        assertThat(EventSubscribers.parse("id=18 addr=127.0.0.1:50313 name=stampede-doctor:notify-keyspace-events-was="
                + " psub=1").original()).as("the server had none").isEmpty();
        assertThat(EventSubscribers.parse("id=19 addr=127.0.0.1:50314 name=worker psub=1")).isNull();
        assertThat(EventSubscribers.parse("id=20 addr=127.0.0.1:50315 name= psub=1")).isNull();
    }
}
