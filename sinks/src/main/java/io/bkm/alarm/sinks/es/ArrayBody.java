package io.bkm.alarm.sinks.es;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body sent from its array as it is. The JDK's {@code BodyPublishers.ofByteArray} copies
 * the array into buffers of its own first, which for bulk bodies of megabytes is a second copy of
 * every document the writers send; the writers never change a body once it is built, so none is
 * needed. Each subscription (a retry is one) gets its own buffer over the array.
 */
final class ArrayBody implements Flow.Publisher<ByteBuffer> {
    private final byte[] body;

    private ArrayBody(byte[] body) {
        this.body = body;
    }

    static HttpRequest.BodyPublisher of(byte[] body) {
        // a publisher of a known length must have one above 0
        if (body.length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.fromPublisher(new ArrayBody(body), body.length);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        AtomicBoolean done = new AtomicBoolean();
        subscriber.onSubscribe(
                new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        if (done.getAndSet(true)) {
                            return;
                        }
                        if (n <= 0) {
                            subscriber.onError(
                                    new IllegalArgumentException("non-positive request: " + n));
                            return;
                        }
                        subscriber.onNext(ByteBuffer.wrap(body));
                        subscriber.onComplete();
                    }

                    @Override
                    public void cancel() {
                        done.set(true);
                    }
                });
    }
}
