package com.copilotz.tasks.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.model.Task;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The paging rules, alone: they end whether or not the server honours limit and offset. */
class PageWalkerTest {
  static List<Task> tasks(long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(id -> new Task().id(id))
        .collect(Collectors.toList());
  }

  static List<Long> ids(List<Task> tasks) {
    return tasks.stream().map(Task::getId).collect(Collectors.toList());
  }

  @Test
  void aServerThatHonoursPagingIsReadPageByPageUntilAShortPage() {
    PageWalker walker = new PageWalker(3);
    assertThat(ids(walker.acceptPage(tasks(1, 3)))).containsExactly(1L, 2L, 3L);
    assertThat(walker.done()).isFalse();
    assertThat(walker.offset()).isEqualTo(3);
    assertThat(ids(walker.acceptPage(tasks(4, 5)))).containsExactly(4L, 5L);
    assertThat(walker.done()).isTrue();
  }

  @Test
  void aFirstPageLongerThanThePageSizeIsTheWholeSet() {
    PageWalker walker = new PageWalker(3);
    assertThat(walker.acceptPage(tasks(1, 10))).hasSize(10);
    assertThat(walker.done()).isTrue();
  }

  @Test
  void aServerThatIgnoresOffsetEndsWhenAPageBringsNothingNew() {
    PageWalker walker = new PageWalker(3);
    walker.acceptPage(tasks(1, 3));
    assertThat(walker.done()).isFalse();
    assertThat(walker.acceptPage(tasks(1, 3))).isEmpty();
    assertThat(walker.done()).isTrue();
  }

  @Test
  void aTaskAlreadyReturnedIsNotReturnedAgainAndATaskWithoutIdIsKept() {
    PageWalker walker = new PageWalker(3);
    walker.acceptPage(tasks(1, 3));
    List<Task> next = List.of(new Task().id(3L), new Task().id(4L), new Task());
    assertThat(walker.acceptPage(next)).extracting(Task::getId).containsExactly(4L, null);
  }

  @Test
  void anEmptyFirstPageEndsTheListing() {
    PageWalker walker = new PageWalker(100);
    assertThat(walker.acceptPage(List.of())).isEmpty();
    assertThat(walker.done()).isTrue();
    assertThat(PageWalker.tasksOf(null)).isEmpty();
  }
}
