package dev.tally.faults;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Copies the load's progress lines to a file and opens a latch when a line mentions {@code word}. */
final class ProgressWatch extends Writer {

    private final Writer file;
    private final String word;
    private final CountDownLatch latch;

    ProgressWatch(Path path, String word, CountDownLatch latch) throws IOException {
        this.file = Files.newBufferedWriter(path);
        this.word = word;
        this.latch = latch;
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) throws IOException {
        String text = new String(buffer, offset, length);
        if (text.contains(word)) {
            latch.countDown();
        }
        file.write(buffer, offset, length);
    }

    @Override
    public synchronized void flush() throws IOException {
        file.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
