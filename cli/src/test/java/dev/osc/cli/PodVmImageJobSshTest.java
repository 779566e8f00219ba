package dev.osc.cli;

import static dev.osc.testkit.Programs.onPath;
import static dev.osc.testkit.Programs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.caa.image.SshKeyfile;
import dev.osc.operator.peerpods.PodVmImageJobModel;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image Job's qemu+ssh transport with a real OpenSSH: the key laid out as the kubelet lays out
 * the Job's {@code ssh-key-secret} volume (root's file, the pod's fsGroup as group, the volume's
 * mode with group read, behind the {@code ..data} symlink), ssh run as the Job's user with the
 * arguments libvirt's ssh transport gives it for the LIBVIRT_URI the Job uses, against sshd on
 * loopback. The user's passwd entry is the image's, bound over /etc/passwd in a private mount
 * namespace only (OpenSSH exits without one).
 */
class PodVmImageJobSshTest {
  static final String SKIPPED =
      "needs root, sshd, ssh, ssh-keygen, unshare and setpriv (scripts/deps.sh installs"
          + " openssh-server): the image Job's ssh layout test skipped";

  /** The IBM Z guide's LIBVIRT_URI (6.2.4), with this test's sshd port. */
  static final String DOCS_URI = "qemu+ssh://root@127.0.0.1:%d/system?no_verify=1";

  @TempDir Path dir;
  Process sshd;
  int port;

  @BeforeEach
  void startSshd() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/sbin/sshd"))
            && onPath("ssh")
            && onPath("ssh-keygen")
            && onPath("unshare")
            && onPath("setpriv"),
        SKIPPED);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path server = Files.createDirectories(dir.resolve("sshd"));
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", server.resolve("host").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id_rsa").toString());
    Files.copy(dir.resolve("id_rsa.pub"), server.resolve("authorized_keys"));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(
        server.resolve("config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + server.resolve("host"),
            "AuthorizedKeysFile " + server.resolve("authorized_keys"),
            "PidFile " + server.resolve("sshd.pid"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            ""));
    Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
    sshd =
        new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", server.resolve("config").toString())
            .redirectErrorStream(true)
            .redirectOutput(server.resolve("log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (IOException notYet) {
        assertThat(sshd.isAlive()).as(Files.readString(server.resolve("log"))).isTrue();
        assertThat(System.nanoTime()).as("sshd listening").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  @AfterEach
  void stopSshd() throws InterruptedException {
    if (sshd != null) {
      sshd.destroy();
      sshd.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theJobsUserLogsInWithTheMountedKey() throws Exception {
    PodSpec pod = PodVmImageJobModel.creation("ns", "i").getSpec().getTemplate().getSpec();
    long uid = pod.getSecurityContext().getRunAsUser();
    long fsGroup = pod.getSecurityContext().getFsGroup();
    int mode = pod.getVolumes().get(0).getSecret().getDefaultMode();
    Path mount = mountSecret(Files.readAllBytes(dir.resolve("id_rsa")), mode, fsGroup);

    Result r = sshAs(uid, fsGroup, uriOfTheJob(mount));

    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("reached as root");
  }

  /** The layout the Job had before: /root/.ssh, mode 0400, no fsGroup: unreadable to its user. */
  @Test
  void withoutFsGroupTheKeyIsUnreadableAndTheLoginFails() throws Exception {
    Path mount = mountSecret(Files.readAllBytes(dir.resolve("id_rsa")), 0400, 0);

    Result r = sshAs(PodVmImageKeys.IMAGE_JOB_UID, -1, uriOfTheJob(mount));

    assertThat(r.exit).isEqualTo(255);
    assertThat(r.output).contains("Permission denied");
  }

  /** What the Job does to the docs' URI when the key is mounted at {@code mount}. */
  private String uriOfTheJob(Path mount) {
    return SshKeyfile.inEnvironment(Map.of("LIBVIRT_URI", String.format(DOCS_URI, port)), mount)
        .get("LIBVIRT_URI");
  }

  /**
   * A secret volume as the kubelet writes it: the file in a {@code ..data} directory, owned by
   * root, with the pod's fsGroup (0: none) and the volume's mode plus group read when there is one.
   */
  private Path mountSecret(byte[] key, int mode, long fsGroup) throws Exception {
    Path mount = Files.createDirectories(dir.resolve("mount"));
    Path data = Files.createDirectories(mount.resolve("..data"));
    Path file = data.resolve(PodVmImageKeys.SSH_KEY);
    Files.write(file, key);
    Files.createSymbolicLink(mount.resolve(PodVmImageKeys.SSH_KEY), Path.of("..data", "id_rsa"));
    int effective = mode;
    if (fsGroup > 0) {
      run("chgrp", Long.toString(fsGroup), file.toString());
      effective |= 0440;
    }
    Files.setPosixFilePermissions(file, permissions(effective));
    for (Path d : List.of(mount, data)) {
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return mount;
  }

  record Result(int exit, String output) {}

  /**
   * ssh as libvirt's ssh transport runs it for {@code uri} ({@code -p}, {@code -l}, {@code -i
   * keyfile}, {@code -T -e none}, {@code StrictHostKeyChecking=no} for {@code no_verify=1}), as
   * {@code uid} with the image's passwd entry, in batch mode (a Job has no terminal).
   */
  private Result sshAs(long uid, long group, String uri) throws Exception {
    URI u = URI.create(uri.substring("qemu+".length()));
    Map<String, String> query = new HashMap<>();
    for (String p : u.getQuery().split("&", -1)) {
      int eq = p.indexOf('=');
      query.put(p.substring(0, eq), p.substring(eq + 1));
    }
    List<String> ssh = new ArrayList<>(List.of("ssh", "-p", Integer.toString(u.getPort())));
    ssh.addAll(List.of("-l", u.getUserInfo()));
    if (query.containsKey("keyfile")) {
      ssh.addAll(List.of("-i", query.get("keyfile")));
    }
    ssh.addAll(List.of("-T", "-e", "none", "-o", "BatchMode=yes"));
    if ("1".equals(query.get("no_verify"))) {
      ssh.addAll(List.of("-o", "StrictHostKeyChecking=no"));
    }
    ssh.addAll(List.of(u.getHost(), "echo reached as $(id -un)"));

    Path passwd = dir.resolve("passwd");
    Path groupFile = dir.resolve("group");
    Files.writeString(
        passwd,
        Files.readString(Path.of("/etc/passwd"))
            + "osc:x:"
            + uid
            + ":"
            + uid
            + "::/home/osc:/bin/sh\n");
    Files.writeString(groupFile, Files.readString(Path.of("/etc/group")) + "osc:x:" + uid + ":\n");
    String groups = group > 0 ? uid + "," + group : Long.toString(uid);
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                "mount --bind \"$0\" /etc/passwd && mount --bind \"$1\" /etc/group && u=\"$2\""
                    + " && g=\"$3\" && shift 3"
                    + " && exec setpriv --reuid \"$u\" --regid \"$u\" --groups \"$g\" -- \"$@\"",
                passwd.toString(),
                groupFile.toString(),
                Long.toString(uid),
                groups));
    command.addAll(ssh);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder s = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return PosixFilePermissions.fromString(s.toString());
  }
}
