package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Redis connection shared by many threads, as Lettuce (one connection per JVM) and node-redis
 * or ioredis (one socket per client object) share theirs: callers write their commands in turn
 * under a lock and do not wait for each other's replies; one reader thread takes the replies off
 * the socket and hands them out first in, first out. So 40 threads that miss at once send 40 GETs
 * before the first reply is back, and MONITOR shows them all from one {@code ip:port}.
 *
 * <p>A lost connection (closed by the server, a read timeout, {@link #close}) fails every caller
 * still waiting and every later call, instead of leaving them hanging.
 */
public final class RedisMultiplexer implements RedisCommands, AutoCloseable {
    private final RedisConnection connection;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The callers waiting for a reply, in the order their commands were written. */
    private final ConcurrentLinkedQueue<CompletableFuture<Object>> waiting = new ConcurrentLinkedQueue<>();
    /** One permit per command written and not yet answered: the reader reads only when one is due. */
    private final Semaphore due = new Semaphore(0);
    private final Thread reader;
    private final long guardMillis;
    private volatile IOException failure;

    /**
     * Takes over {@code connection} (connected, authenticated, its db selected): from now on only
     * this object uses it. {@code replyTimeout} is the connection's read timeout: a caller gives up
     * waiting after twice that.
     */
    public RedisMultiplexer(RedisConnection connection, String name, Duration replyTimeout) {
        this.connection = connection;
        this.guardMillis = 2 * Math.max(1, replyTimeout.toMillis()) + 1_000;
        this.reader = new Thread(this::readReplies, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The shared connection's address as MONITOR shows it. */
    public String localAddress() {
        return connection.localAddress();
    }

    @Override
    public Object call(byte[]... args) throws IOException {
        Object reply = await(submit(List.<byte[][]>of(args)).get(0));
        if (reply instanceof RedisError e) {
            throw RedisCommands.failure(args, e);
        }
        return reply;
    }

    @Override
    public List<Object> pipeline(List<byte[][]> commands) throws IOException {
        List<CompletableFuture<Object>> replies = submit(commands);
        List<Object> out = new ArrayList<>(replies.size());
        for (CompletableFuture<Object> f : replies) {
            out.add(await(f));
        }
        return out;
    }

    /** Writes the commands back to back, each with its place in the queue of callers. */
    private List<CompletableFuture<Object>> submit(List<byte[][]> commands) throws IOException {
        List<CompletableFuture<Object>> replies = new ArrayList<>(commands.size());
        writeLock.lock();
        try {
            IOException f = failure;
            if (f != null) {
                throw new IOException(f.getMessage(), f);
            }
            for (byte[][] c : commands) {
                CompletableFuture<Object> reply = new CompletableFuture<>();
                waiting.add(reply);
                replies.add(reply);
                connection.send(c);
            }
            connection.flush();
            due.release(commands.size());
        } catch (IOException e) {
            fail(e);
            throw e;
        } finally {
            writeLock.unlock();
        }
        if (failure != null) {
            failWaiting(); // failed while we queued: nobody else will complete ours
        }
        return replies;
    }

    private Object await(CompletableFuture<Object> reply) throws IOException {
        try {
            return reply.get(guardMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(cause);
        } catch (TimeoutException e) {
            throw new IOException("no reply from Redis within " + guardMillis + " ms on the shared connection");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Redis");
        }
    }

    private void readReplies() {
        try {
            while (true) {
                due.acquire();
                if (failure != null) {
                    return;
                }
                Object reply = connection.read();
                CompletableFuture<Object> caller = waiting.poll();
                if (caller == null) {
                    throw new IOException("Redis sent a reply nobody asked for");
                }
                caller.complete(reply);
            }
        } catch (IOException e) {
            fail(failure != null ? failure : e);
        } catch (InterruptedException e) {
            fail(new IOException("the shared Redis connection was closed"));
        }
    }

    private void fail(IOException e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
        }
        connection.close();
        due.release(); // wakes the reader, which sees the failure and leaves
        failWaiting();
    }

    private void failWaiting() {
        CompletableFuture<Object> f;
        while ((f = waiting.poll()) != null) {
            f.completeExceptionally(failure);
        }
    }

    /** Closes the connection; callers still waiting get an IOException. */
    @Override
    public void close() {
        fail(new IOException("the shared Redis connection was closed"));
        reader.interrupt();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
