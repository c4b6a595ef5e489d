package io.analogcomposer.worker.job;

import com.rabbitmq.client.Channel;
import io.analogcomposer.messaging.dispatch.DispatchTimes;
import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.worker.WorkerIdentity;
import io.analogcomposer.worker.cancel.Cancellations;
import io.analogcomposer.worker.engine.ExecutionOutcome;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.engine.ExperimentFailure;
import io.analogcomposer.worker.engine.FailureCode;
import io.analogcomposer.worker.engine.HeapBudget;
import io.analogcomposer.worker.events.EventPublisher;
import io.analogcomposer.worker.events.PublishFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Takes one job message through its life on this worker (architecture §2, step 3) and settles it on the channel it
 * came from: acknowledged once its outcome is on the broker (a terminal event, a re-published copy or a
 * dead-lettered copy, each confirmed), otherwise rejected back to the queue.
 */
public class JobHandler implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(JobHandler.class);

    private enum Settlement {
        /** The outcome is safely on the broker; the original can go. */
        ACK,
        /** Nothing could be recorded; let the broker deliver it again. */
        REQUEUE
    }

    private final String backend;
    private final int deliveryLimit;
    private final WorkerIdentity worker;
    private final ExperimentExecutor executor;
    private final EventPublisher events;
    private final JobQueue queue;
    private final Cancellations cancellations;
    private final RunningJobs running;
    private final JobMetrics metrics;
    private final io.analogcomposer.worker.checkpoint.RunCheckpointing checkpoints;
    private final HeapBudget heap;

    public JobHandler(String backend, int deliveryLimit, WorkerIdentity worker, ExperimentExecutor executor,
            EventPublisher events, JobQueue queue, Cancellations cancellations, RunningJobs running,
            JobMetrics metrics) {
        this(backend, deliveryLimit, worker, executor, events, queue, cancellations, running, metrics, null);
    }

    /** @param checkpoints where training states are saved and fetched; null: runs are not saved */
    public JobHandler(String backend, int deliveryLimit, WorkerIdentity worker, ExperimentExecutor executor,
            EventPublisher events, JobQueue queue, Cancellations cancellations, RunningJobs running,
            JobMetrics metrics, io.analogcomposer.worker.checkpoint.RunCheckpointing checkpoints) {
        this(backend, deliveryLimit, worker, executor, events, queue, cancellations, running, metrics, checkpoints,
                null);
    }

    /**
     * @param checkpoints where training states are saved and fetched; null: runs are not saved
     * @param heap the heap each job may use, checked against its estimate before it runs; null: not checked (a
     *            backend whose activations live on a device, not in this JVM)
     */
    public JobHandler(String backend, int deliveryLimit, WorkerIdentity worker, ExperimentExecutor executor,
            EventPublisher events, JobQueue queue, Cancellations cancellations, RunningJobs running,
            JobMetrics metrics, io.analogcomposer.worker.checkpoint.RunCheckpointing checkpoints, HeapBudget heap) {
        this.heap = heap;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.backend = backend;
        this.deliveryLimit = deliveryLimit;
        this.worker = worker;
        this.executor = executor;
        this.events = events;
        this.queue = queue;
        this.cancellations = cancellations;
        this.running = running;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        if (DispatchTimes.carried(message.getMessageProperties())) {
            // the job's queue hop ends here (a re-queued copy is received again and counts from then)
            message.getMessageProperties().setHeader(DispatchTimes.RECEIVED, DispatchTimes.now());
        }
        Settlement settlement;
        try {
            settlement = handle(message);
        } catch (PublishFailedException e) {
            log.error("Could not record the outcome of a job on the broker; giving it back to the queue: {}",
                    e.getMessage());
            settlement = Settlement.REQUEUE;
        } catch (RuntimeException | Error e) {
            // a bug in the runtime itself: never swallow the job, but do not spin on it either; the redelivery is
            // counted like a crash, so a job that always hits the bug ends as worker_crashed
            log.error("Unexpected failure while handling a job; giving it back to the queue", e);
            pauseBeforeRequeue();
            settlement = Settlement.REQUEUE;
        }
        if (settlement == Settlement.ACK) {
            channel.basicAck(tag, false);
        } else {
            // reject, not nack: from RabbitMQ 4.3 on only a reject counts as a failed delivery towards the limit
            channel.basicReject(tag, true);
        }
    }

    private static void pauseBeforeRequeue() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Settlement handle(Message message) throws PublishFailedException {
        DeliveryCount count = DeliveryCount.of(message.getMessageProperties());
        if (running.stopping()) {
            // taken while shutting down: put it back untouched (not a crash, not an attempt)
            queue.requeue(message, count.priorCrashes(), count.handBacks());
            return Settlement.ACK;
        }
        RunJob job;
        try {
            job = JobReader.read(message.getBody(), backend);
        } catch (PoisonMessage poison) {
            return deadLetter(message, poison);
        }
        // the user's cancellation wins over everything the job's history could say
        Optional<String> cancelled = cancellations.reason(job.runId());
        if (cancelled.isPresent()) {
            log.info("Run {} was cancelled before it started; discarding its job", job.runId());
            RunCancelled event = RunCancelled.of(job.runId(), job.attempt() + count.priorExecutions(),
                    cancelled.get());
            events.publishTerminal(event);
            metrics.ended(event, null);
            return Settlement.ACK;
        }
        if (count.needsRecount()) {
            log.info("Run {} was redelivered (its worker died); re-queued with {} crash(es) counted", job.runId(),
                    count.priorCrashes());
            queue.requeue(message, count.priorCrashes(), count.handBacks());
            return Settlement.ACK;
        }
        int attempt = job.attempt() + count.priorExecutions();
        if (count.priorCrashes() >= deliveryLimit) {
            log.warn("Run {} failed: its worker crashed {} times", job.runId(), count.priorCrashes());
            RunFailed event = RunFailed.of(job.runId(), attempt - 1, "worker crashed " + count.priorCrashes()
                    + " times while running this job (killed, out of memory or cut off from the broker), so it is"
                    + " not retried again; try a smaller network, batch size or dataset, or ask an operator to check"
                    + " the workers' logs", FailureCode.WORKER_CRASHED.wire());
            events.publishTerminal(event);
            metrics.ended(event, null);
            return Settlement.ACK;
        }
        RunningJob current = new RunningJob(job, attempt, cancellations, events, checkpoints);
        if (!running.add(current)) {
            queue.requeue(message, count.priorCrashes(), count.handBacks());
            return Settlement.ACK;
        }
        try {
            return run(message, current, count);
        } finally {
            running.remove(current);
        }
    }

    private Settlement run(Message message, RunningJob current, DeliveryCount count) throws PublishFailedException {
        RunJob job = current.job();
        // only a first execution is a dispatch worth timing; a retry's start carries no dispatch moments
        boolean firstExecution = count.priorExecutions() == 0 && !count.redelivered();
        events.publish(RunStarted.of(job.runId(), current.attempt(), job.backend(), worker.id()),
                firstExecution ? message.getMessageProperties() : null);
        // logged after the start is announced: the console's write is not on the run's way to "started"
        log.info("Run {} attempt {} starting on {}", job.runId(), current.attempt(), worker.id());
        long started = System.nanoTime();
        RunEvent terminal;
        try {
            if (heap != null) {
                // fail now, with the figures, rather than with an OutOfMemoryError hours into the run
                heap.check(job.spec());
            }
            ExecutionOutcome outcome = executor.execute(job, current);
            terminal = switch (outcome) {
                case ExecutionOutcome.Completed completed -> {
                    // Files first: the API has them when it learns the run completed.
                    for (ExecutionOutcome.ArtifactFile file : completed.files()) {
                        events.publishTerminal(RunArtifact.of(job.runId(), current.attempt(), file.name(),
                                file.mediaType(), file.content()));
                    }
                    yield RunCompleted.of(job.runId(), current.attempt(), completed.result());
                }
                case ExecutionOutcome.Stopped stopped -> stoppedEvent(current);
            };
        } catch (ExperimentFailure failure) {
            // the user reads the reason on the run; the operator reads it, with the engine's stack, in the log
            log.warn("Run {} attempt {} failed ({}): {}", job.runId(), current.attempt(), failure.code().wire(),
                    failure.reason(), failure.getCause());
            terminal = RunFailed.of(job.runId(), current.attempt(), failure.reason(), failure.code().wire());
        } catch (OutOfMemoryError e) {
            // the job's data and model are unreachable once execute() has unwound, so reporting still works
            terminal = RunFailed.of(job.runId(), current.attempt(), "the run needed more memory than this worker has"
                    + " (at most " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB); reduce batch_size,"
                    + " the network's size or the dataset's max_train_samples", FailureCode.OUT_OF_MEMORY.wire());
        } catch (RuntimeException e) {
            log.error("Run {} failed unexpectedly", job.runId(), e);
            terminal = RunFailed.of(job.runId(), current.attempt(), "the worker failed unexpectedly: " + e,
                    FailureCode.INTERNAL_ERROR.wire());
        }
        if (terminal == null) {
            // stopped for the shutdown: hand it back as a new attempt, not as a crash
            log.info("Run {} handed back to the queue", job.runId());
            queue.requeue(message, count.priorCrashes(), count.handBacks() + 1);
            metrics.handedBack(Duration.ofNanos(System.nanoTime() - started));
            return Settlement.ACK;
        }
        events.publishTerminal(terminal);
        metrics.ended(terminal, Duration.ofNanos(System.nanoTime() - started));
        log.info("Run {} attempt {} ended: {}", job.runId(), current.attempt(), terminal.eventName());
        return Settlement.ACK;
    }

    /** The event for a job that stopped early: cancelled, or null when it stopped to be handed back. */
    private RunEvent stoppedEvent(RunningJob current) {
        Optional<String> cancelled = cancellations.reason(current.runId());
        if (cancelled.isPresent()) {
            return RunCancelled.of(current.runId(), current.attempt(), cancelled.get());
        }
        if (current.handBackRequested()) {
            return null;
        }
        return RunFailed.of(current.runId(), current.attempt(), "the run stopped before its end without being asked"
                + " to (cancellation forgotten?); run it again", FailureCode.INTERNAL_ERROR.wire());
    }

    private Settlement deadLetter(Message message, PoisonMessage poison) throws PublishFailedException {
        String reason = poison.getMessage();
        log.error("Dead-lettering a job message from {} ({}): run {}", queue.queueName(), reason,
                poison.runId() == null ? "unknown" : poison.runId());
        queue.deadLetter(message, reason);
        metrics.deadLettered();
        if (poison.runId() != null) {
            events.publishTerminal(RunFailed.of(poison.runId(), poison.attempt(), "the worker could not read this"
                    + " run's job and moved it to the dead-letter queue " + queue.deadLetterQueueName() + ": " + reason,
                    FailureCode.DEAD_LETTERED.wire()));
        }
        return Settlement.ACK;
    }
}
