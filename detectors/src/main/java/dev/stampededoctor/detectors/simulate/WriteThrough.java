package dev.stampededoctor.detectors.simulate;

/**
 * The writer overwrites a cached key with the new value instead of deleting it (DEL, UNLINK,
 * GETDEL, EXPIRE 0 of a key clients read): no window in which readers miss, and no rebuild, since
 * the writer already holds the value. Expiries, flushes and RENAME still remove keys.
 */
final class WriteThrough implements CachePolicy {

    @Override
    public String name() {
        return "write-through";
    }

    @Override
    public boolean overwritesDeletes() {
        return true;
    }
}
