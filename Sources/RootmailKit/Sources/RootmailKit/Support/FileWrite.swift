#if canImport(Glibc)
  import Glibc
#endif

/// Writing a whole buffer to a descriptor, as `write(2)` needs it: again after a short write or
/// an interrupted call, until every byte is out or an error says why not.
@_spi(RootmailHost) public enum FileWrite {
  /// Writes all of `bytes` to `fd`; 0 when done, else the `errno` of the failing call.
  public static func all(_ fd: Int32, _ bytes: some Collection<UInt8>) -> Int32 {
    var copy = Array(bytes)
    return copy.withUnsafeMutableBytes { buffer in
      var done = 0
      while done < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return n == 0 ? EIO : errno }
        done += n
      }
      return 0
    }
  }
}
