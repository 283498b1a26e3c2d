package com.fever.plans.batch.launch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the long-running mode ({@code --schedule}) imports ({@code plans.schedule.*}).
 *
 * @param interval the wait between the end of one import and the start of the next (env
 * {@code PLANS_SCHEDULE_INTERVAL}, e.g. {@code PT5M})
 * @param cron a Spring cron expression (six fields, e.g. {@code 0 *&#47;10 * * * *}) that
 * takes precedence over the interval when set (env {@code PLANS_SCHEDULE_CRON})
 */
@ConfigurationProperties("plans.schedule")
public record ScheduleProperties(@DefaultValue("5m") Duration interval, String cron) {

}
