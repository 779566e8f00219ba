package dev.osc.policy;

/** A source position, printed as file:line:col. */
record Pos(String file, int line, int col) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + col;
  }
}
