package io.dorado.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClasspathGuardTest {

  @Test
  void cassandra_all_stays_out_of_our_classpath_it_only_runs_in_the_child_jvm() {
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("org.apache.cassandra.service.CassandraDaemon"));
  }
}
