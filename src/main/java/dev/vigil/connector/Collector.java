package dev.vigil.connector;

/**
 * Observes one integration's system during one collection run.
 *
 * <p>A collector is used by one thread for one run and then discarded. It reports what it saw to the {@link
 * CollectionSink} and returns; it never writes to Vigil's storage. A part of the system that cannot be read is
 * reported on the resource (see {@link ObservedResource#unknown()}) rather than failing the whole run; only
 * when nothing useful can be observed does {@link #collect} throw.
 */
public interface Collector {

    /**
     * Runs one collection.
     *
     * @param sink receives every observed resource; a resource not reported is considered gone
     * @throws CollectionException when the system cannot be observed at all (unreachable, wrong credentials)
     */
    void collect(CollectionSink sink) throws CollectionException;
}
