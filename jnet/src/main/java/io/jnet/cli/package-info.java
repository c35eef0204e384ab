/**
 * The {@code jnet} command line: one picocli class per subcommand ({@code netns}, {@code net}, {@code attach},
 * {@code detach}, {@code check}, {@code ps}, {@code gc}, {@code status}, {@code lab}, {@code install}), shared
 * options in {@link io.jnet.cli.GlobalOptions}, errors mapped to one line with a hint and an exit code in
 * {@link io.jnet.cli.Main}. The work is done by {@link io.jnet.runtime}.
 */
package io.jnet.cli;
