package com.copilotz.tasks.internal.worker;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.internal.http.PollInterval;
import com.copilotz.tasks.internal.loop.ListingConsumer;
import com.copilotz.tasks.model.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a step worker takes in from its listings, and hands out: the ids listed and not yet handed
 * out (a ring of fixed capacity, without duplicates), the ids in flight (claimed: never handed to
 * two handlers at once), the ids whose handling ended while a listing was under way (that listing
 * may predate their write), and the tasks left unwritten (until they change or leave the step).
 * None of it grows with the number of tasks handled.
 *
 * <p>As the consumer of the worker's {@link com.copilotz.tasks.internal.loop.ListingLoop}, it asks
 * for a listing when the hand-out holds a free slot and the ring has run down to its low water
 * mark: the listing then runs while the ids still in the ring are handed out, so no slot waits for
 * it. A listing's ids go into the ring in an order of this worker's own (a shuffle), so that
 * instances sharing a step without partitions rarely take the same task at once. Thread-safe.
 */
final class Intake implements ListingConsumer {
  private final WorkerSettings settings;
  private final TaskBacklog backlog;
  private final PollInterval idle;
  private final int lowWater;
  private final @Nullable Random shuffle;
  private final Consumer<CopilotzException> onStopped;
  private final Runnable onLoopEnded;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<Long> queued = new HashSet<>();
  private final Set<Long> claimed = new HashSet<>();
  private final Set<Long> endedWhileListing = new HashSet<>();
  private boolean demand;
  private boolean listing;
  private boolean closing;

  /** The tasks left unwritten, by id: their {@code updatedAt} (epoch ms) when they were left. */
  private final Map<Long, Long> left = new ConcurrentHashMap<>();

  /**
   * When this worker last handed each task out, by id: the most recent, up to the ring's capacity
   * (an older one is forgotten first). Guarded by itself.
   */
  private final Map<Long, Instant> deliveries;

  /**
   * The tasks another instance's claim holds, by id: until when (epoch ms). Not handed out before.
   */
  private final Map<Long, Long> claimedElsewhere = new ConcurrentHashMap<>();

  /** Tells when a listed task carries another instance's claim that stands; null without claims. */
  private final @Nullable Predicate<Task> heldElsewhere;

  private final Clock clock;

  /** Whether the hand-out holds a free slot and waits for ids. */
  private boolean handOutWaits;

  // State of the listing under way, on the listing thread alone.
  private final List<Long> candidates = new ArrayList<>();
  private final Set<Long> leftBefore = new HashSet<>();
  private final Set<Long> leftSeen = new HashSet<>();

  /** How many ids past the ring's capacity the listing under way offered, for the sampling. */
  private int sampled;

  /**
   * The intake of a worker with {@code settings}.
   *
   * @param settings the worker's settings
   * @param shuffle the order of each listing's ids, or null to keep the listing's order
   * @param clock the worker's clock
   * @param heldElsewhere tells a listed task that another instance's claim holds, or null
   * @param onStopped told when the listing loop stops on its own
   * @param onLoopEnded told when the listing loop's thread ends
   */
  Intake(
      WorkerSettings settings,
      @Nullable Random shuffle,
      Clock clock,
      @Nullable Predicate<Task> heldElsewhere,
      Consumer<CopilotzException> onStopped,
      Runnable onLoopEnded) {
    this.settings = settings;
    this.clock = clock;
    this.heldElsewhere = heldElsewhere;
    int remembered = settings.capacity().backlog();
    this.deliveries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
            return size() > remembered;
          }
        };
    this.backlog = new TaskBacklog(settings.capacity().backlog());
    this.idle =
        new PollInterval(settings.listing().interval(), settings.listing().maxInterval(), 2.0);
    // The next listing is asked for while the ring still holds two ids per slot (a worker of one
    // slot lists when its ring is empty): the listing's round trip is covered by the tasks still
    // to hand out, so no slot waits for it.
    int concurrency = settings.capacity().concurrency();
    this.lowWater = concurrency == 1 ? 0 : 2 * concurrency;
    this.shuffle = shuffle;
    this.onStopped = onStopped;
    this.onLoopEnded = onLoopEnded;
  }

  // ----- the hand-out's side

  /**
   * The next id to hand out, claimed, for a hand-out that holds a free slot: waits until the ring
   * has one; asks for a listing when the ring is at its low water mark. 0 once closing.
   *
   * @throws InterruptedException if the hand-out's thread is interrupted
   */
  long next() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (!closing) {
        if (backlog.size() <= lowWater && !demand) {
          demand = true;
          changed.signalAll();
        }
        long id;
        while ((id = backlog.poll()) != 0) {
          queued.remove(id);
          if (claimed.add(id)) {
            return id;
          }
        }
        handOutWaits = true;
        try {
          changed.await();
        } finally {
          handOutWaits = false;
        }
      }
      return 0;
    } finally {
      lock.unlock();
    }
  }

  /** The handling of {@code id} ended: it may be handed out again, after the next listing. */
  void release(long id) {
    lock.lock();
    try {
      if (listing) {
        endedWhileListing.add(id);
      }
      claimed.remove(id);
    } finally {
      lock.unlock();
    }
  }

  /** Keeps a task the worker left unwritten from being handed out again until it changes. */
  void remember(Task task) {
    left.put(task.getId(), stamp(task));
  }

  /**
   * Notes that task {@code id} is handed to the handler at {@code now}.
   *
   * @return when this worker handed it out before, or null
   */
  @Nullable Instant delivered(long id, Instant now) {
    synchronized (deliveries) {
      return deliveries.put(id, now);
    }
  }

  /** Keeps task {@code id} from being handed out until {@code until}: another's claim holds it. */
  void claimedElsewhere(long id, Instant until) {
    claimedElsewhere.put(id, until.toEpochMilli());
  }

  /** No id is handed out, and no listing asked for, after this. */
  void close() {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many listed ids wait to be handed out. */
  int waiting() {
    return backlog.size();
  }

  // ----- the listing thread's side

  @Override
  public boolean awaitDemand() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (!demand && !closing) {
        changed.await();
      }
      demand = false;
      return !closing;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void listingBegins() {
    candidates.clear();
    leftSeen.clear();
    leftBefore.clear();
    leftBefore.addAll(left.keySet());
    lock.lock();
    try {
      endedWhileListing.clear();
      listing = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void take(Task task) {
    Long id = task.getId();
    if (id == null || id <= 0 || !settings.share().owns(id) || !atStep(task)) {
      return;
    }
    if (heldElsewhere != null) {
      Long until = claimedElsewhere.get(id);
      if (until != null) {
        if (clock.millis() < until) {
          return;
        }
        claimedElsewhere.remove(id, until);
      }
      if (heldElsewhere.test(task)) {
        return;
      }
    }
    Long leftAt = left.get(id);
    if (leftAt != null) {
      if (leftAt == stamp(task)) {
        leftSeen.add(id);
        return;
      }
      left.remove(id, leftAt);
    }
    // Every id of the listing a candidate: at most the ring's capacity, a random sample when
    // shuffled (reservoir sampling), the first ones otherwise.
    int capacity = settings.capacity().backlog();
    if (candidates.size() < capacity) {
      candidates.add(id);
    } else if (shuffle != null) {
      int seen = ++sampled;
      int slot = shuffle.nextInt(capacity + seen);
      if (slot < capacity) {
        candidates.set(slot, id);
      }
    }
  }

  @Override
  public Duration listingEnded() {
    if (shuffle != null) {
      Collections.shuffle(candidates, shuffle);
    }
    int found = 0;
    lock.lock();
    try {
      for (long id : candidates) {
        if (!claimed.contains(id)
            && !endedWhileListing.contains(id)
            && !queued.contains(id)
            && backlog.offer(id)) {
          queued.add(id);
          found++;
        }
      }
      listing = false;
      endedWhileListing.clear();
      if (found > 0) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    long now = clock.millis();
    claimedElsewhere.values().removeIf(until -> until <= now);
    // A task left unwritten that this listing no longer shows has left the step: forgotten.
    leftBefore.removeAll(leftSeen);
    left.keySet().removeAll(leftBefore);
    candidates.clear();
    sampled = 0;
    if (found > 0) {
      idle.reset();
      return Duration.ZERO;
    }
    // Nothing new: when the hand-out still waits for ids, list again after a wait that grows while
    // listings find nothing.
    lock.lock();
    try {
      demand = demand || handOutWaits;
    } finally {
      lock.unlock();
    }
    return idle.next(false);
  }

  @Override
  public void listingFailed(CopilotzException failure) {
    lock.lock();
    try {
      listing = false;
      endedWhileListing.clear();
      demand = demand || handOutWaits;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stopped(CopilotzException cause) {
    onStopped.accept(cause);
  }

  @Override
  public void loopEnded() {
    onLoopEnded.run();
  }

  /** Whether a task is at the worker's step with a status it handles. */
  boolean atStep(Task task) {
    return task.getCurrentStep() != null
        && task.getCurrentStep() == settings.stepId()
        && task.getStatus() != null
        && settings.statuses().contains(task.getStatus());
  }

  private static long stamp(Task task) {
    return task.getUpdatedAt() == null
        ? Long.MIN_VALUE
        : task.getUpdatedAt().toInstant().toEpochMilli();
  }
}
