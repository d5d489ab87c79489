package org.imgate.archive;

/**
 * One segment removed by a purge, as listed in the PURGE record: enough for a verifier to bridge the
 * hole in the chain ({@code firstPrevHash} links to the record before, {@code lastHash} to the one after).
 *
 * @param file          the segment's file name
 * @param firstSeq      its first record's sequence number
 * @param lastSeq       its last record's sequence number
 * @param firstPrevHash its first record's prevHash, hex
 * @param lastHash      its last record's hash, hex
 * @param records       how many records it held
 */
public record PurgedSegment(String file, long firstSeq, long lastSeq, String firstPrevHash, String lastHash,
                            long records) {
}
