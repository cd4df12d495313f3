package com.copilotz.tasks.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The set of ids a listing remembers while pages may repeat them. */
class LongSetTest {
  @Test
  void aLongSetKeepsEachValueOnceThroughGrowth() {
    LongSet set = new LongSet();
    for (long id = 1; id <= 100_000; id++) {
      assertThat(set.add(id * 7919)).isTrue();
    }
    for (long id = 1; id <= 100_000; id++) {
      assertThat(set.add(id * 7919)).isFalse();
    }
    assertThat(set.size()).isEqualTo(100_000);
    assertThatThrownBy(() -> set.add(0)).hasMessage("only positive values are kept, was 0");
  }
}
