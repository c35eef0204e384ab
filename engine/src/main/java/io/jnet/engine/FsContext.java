package io.jnet.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Gives the calling thread its own working directory and umask, the caller's, as a process of its own would
 * have: {@code unshare(CLONE_FS)} detaches the thread's filesystem context from the JVM's (threads it starts and
 * programs it runs share the thread's), then {@code chdir} and {@code umask} set it. Only for a call's thread,
 * which ends with the call.
 */
final class FsContext {
    private FsContext() {}

    private static final int CLONE_FS = 0x00000200;

    interface LibC extends Library {
        int unshare(int flags);

        int chdir(String path);

        int umask(int mask);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    /** Returns null on success, else why the thread keeps the engine's directory ("/"). */
    static String enter(String cwd, int umask) {
        if (LIBC.unshare(CLONE_FS) != 0) {
            return "unshare(CLONE_FS) failed, errno " + Native.getLastError();
        }
        LIBC.umask(umask);
        if (LIBC.chdir(cwd) != 0) {
            return "chdir " + cwd + " failed, errno " + Native.getLastError();
        }
        return null;
    }
}
