package com.fever.plans.batch.staging;

/**
 * The staged feed could not be written: the staging directory is full (or its quota, or
 * the file size limit, is reached), or otherwise failing. Not the provider's fault, so
 * never retried: another attempt would fill the disk again. The run fails cleanly (the
 * partial file is removed) and can be restarted once there is room.
 */
public class StagingWriteException extends RuntimeException {

	StagingWriteException(String message, Throwable cause) {
		super(message, cause);
	}

}
