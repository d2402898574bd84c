package io.elasticface.cli.api;

import java.io.PrintWriter;

/** One line redrawn in place on a terminal: {@code [#####     ] 12/40 and what else is worth saying}. */
public final class ProgressBar {

    private static final int WIDTH = 40;

    private final PrintWriter out;

    /** @param out where to draw; null draws nothing */
    public ProgressBar(PrintWriter out) {
        this.out = out;
    }

    public void draw(int done, int total, String note) {
        if (out == null || total <= 0) {
            return;
        }
        int filled = (int) ((long) done * WIDTH / total);
        synchronized (out) {
            out.printf("\r[%s%s] %d/%d%s", "#".repeat(filled), " ".repeat(WIDTH - filled), done, total,
                    note.isEmpty() ? "" : " " + note);
            if (done == total) {
                out.println();
            }
            out.flush();
        }
    }
}
