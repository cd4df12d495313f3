package com.copilotz.tasks.cli.internal.board;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The board on a terminal, with JLine: the alternate screen in raw mode, the cursor hidden, redrawn
 * (by difference, JLine's {@link Display}) when the watch reports a change or the terminal is
 * resized, until {@code q} or Ctrl-C; the terminal is restored as it was on the way out, whatever
 * happens.
 */
public final class LiveBoard {
  private final Terminal terminal;
  private final String title;
  private final BoardModel model;
  private final AtomicBoolean dirty = new AtomicBoolean(true);
  private final AtomicBoolean quit = new AtomicBoolean();

  /**
   * A board on {@code terminal}.
   *
   * @param terminal the terminal, which this board uses until {@link #run} returns
   * @param title the first line
   * @param model what to draw
   */
  public LiveBoard(Terminal terminal, String title, BoardModel model) {
    this.terminal = terminal;
    this.title = title;
    this.model = model;
  }

  /** Tells the board to redraw: the model changed. Any thread. */
  public void changed() {
    dirty.set(true);
  }

  /**
   * Draws until {@code q}, Ctrl-C, or {@code stopped} says so (the watch stopped).
   *
   * @param stopped read after each key or redraw; true ends the board
   * @throws IOException if the terminal fails
   */
  public void run(Supplier<Boolean> stopped) throws IOException {
    Attributes saved = terminal.enterRawMode();
    Terminal.SignalHandler previousInt =
        terminal.handle(Terminal.Signal.INT, signal -> quit.set(true));
    Terminal.SignalHandler previousWinch =
        terminal.handle(Terminal.Signal.WINCH, signal -> dirty.set(true));
    terminal.puts(Capability.enter_ca_mode);
    // The alternate screen keeps the cursor where the shell left it: start the board at the top.
    terminal.puts(Capability.clear_screen);
    terminal.puts(Capability.cursor_invisible);
    terminal.flush();
    Display display = new Display(terminal, true);
    try {
      NonBlockingReader keys = terminal.reader();
      while (!quit.get() && !stopped.get()) {
        if (dirty.getAndSet(false)) {
          Size size = terminal.getSize();
          int width = size.getColumns() > 0 ? size.getColumns() : 80;
          int height = size.getRows() > 0 ? size.getRows() : 24;
          display.resize(height, width);
          List<String> lines = BoardRenderer.render(title, model, width, height, "q quits");
          display.update(lines.stream().map(AttributedString::new).toList(), -1);
          terminal.flush();
        }
        int key = keys.read(100);
        if (key == 'q' || key == 'Q' || key == 3 || key == NonBlockingReader.EOF) {
          quit.set(true);
        }
      }
    } finally {
      terminal.puts(Capability.cursor_visible);
      terminal.puts(Capability.exit_ca_mode);
      terminal.flush();
      terminal.setAttributes(saved);
      terminal.handle(Terminal.Signal.INT, previousInt);
      terminal.handle(Terminal.Signal.WINCH, previousWinch);
    }
  }
}
