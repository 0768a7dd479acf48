package io.dorado.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.testing.TestCassandra;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guardian's and a venue's snapshots are single rows holding every order of the retention period
 * (~530 bytes each in CBOR), and Cassandra refuses any mutation over half its commitlog segment. The
 * node the project runs must store one of 12 MiB (some 23,000 orders): with the 8 MiB segments it once
 * had, anything over 4 MiB was refused (checked: this test fails there), so by these sizes those actors'
 * snapshots would have been refused after about 8,000 orders.
 */
class LargeSnapshotTest {

  @Test
  void theNodeStoresAndReturnsASnapshotRowOfTwelveMebibytes() {
    byte[] blob = new byte[12 * 1024 * 1024];
    new Random(42).nextBytes(blob);
    try (CqlSession session = Sessions.open(TestCassandra.settings())) {
      session.execute("INSERT INTO pekko_snapshot.snapshots (persistence_id, sequence_nr, timestamp, ser_id, "
          + "ser_manifest, snapshot) VALUES (?, ?, ?, ?, ?, ?)", "LargeSnapshotTest|1", 1L, 0L, 1, "", ByteBuffer.wrap(blob));
      ByteBuffer back = session.execute("SELECT snapshot FROM pekko_snapshot.snapshots WHERE persistence_id = ? "
          + "AND sequence_nr = ?", "LargeSnapshotTest|1", 1L).one().getByteBuffer(0);
      assertEquals(ByteBuffer.wrap(blob), back);
    }
  }
}
