package org.imgate.server.node;

import org.imgate.archive.Journal;
import org.imgate.archive.JournalException;
import org.imgate.archive.PurgeReport;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalTime;
import java.util.Properties;
import java.util.TimeZone;

/**
 * Runs the journal's retention purge once a day at {@code archive.purge-at} (local time). The purge
 * itself decides what may go (whole expired segments not under legal hold) and records what it removed
 * in the journal, so a missed or repeated run is harmless.
 *
 * <p>Quartz with an in-memory job store: the schedule is configuration, not state, so nothing needs
 * persisting. Thread-safe; {@link #close} waits for a running purge to finish.
 */
public final class RetentionSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

    private final Scheduler scheduler;

    private RetentionSchedule(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts the daily purge of {@code journal}. */
    public static RetentionSchedule start(Journal journal, Clock clock, LocalTime purgeAt) throws SchedulerException {
        Properties quartz = new Properties();
        quartz.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "imgate-retention");
        quartz.setProperty("org.quartz.threadPool.threadCount", "1");
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
        scheduler.setJobFactory((bundle, owner) -> new PurgeJob(journal, clock));
        JobDetail job = JobBuilder.newJob(PurgeJob.class).withIdentity("retention-purge").build();
        Trigger daily = TriggerBuilder.newTrigger().withIdentity("daily")
                .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(purgeAt.getHour(), purgeAt.getMinute())
                        .inTimeZone(TimeZone.getDefault())
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler.scheduleJob(job, daily);
        scheduler.start();
        LOG.info("retention purge scheduled daily at {}; next run {}", purgeAt, daily.getNextFireTime());
        return new RetentionSchedule(scheduler);
    }

    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }

    /** One purge run. Quartz builds it through the job factory above, so it gets its journal by constructor. */
    @DisallowConcurrentExecution
    static final class PurgeJob implements Job {
        private final Journal journal;
        private final Clock clock;

        PurgeJob(Journal journal, Clock clock) {
            this.journal = journal;
            this.clock = clock;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                PurgeReport report = journal.purge(clock.instant());
                LOG.info("retention purge: {} segments ({} records) removed, {} kept for legal hold",
                        report.removed().size(), report.recordsRemoved(), report.keptForHold());
            } catch (JournalException e) {
                LOG.error("retention purge failed; nothing was removed past the failure: {}", e.getMessage(), e);
                throw new JobExecutionException(e);
            }
        }
    }
}
