// The GLFW window, its OpenGL 3 context and the Dear ImGui context bound to
// them, plus an offscreen framebuffer for headless frames. One per process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace firedrill::viewer {

class GlWindow {
 public:
  // Opens a `width` x `height` window (hidden when `visible` is false) with
  // an OpenGL 3.3 core context and ImGui on it. `ini_file` is where ImGui
  // keeps the window layout ("" = nowhere). Throws std::runtime_error with
  // GLFW's reason when it cannot (no display, no OpenGL 3.3).
  GlWindow(int width, int height, bool visible, const std::string& title,
           const std::string& ini_file);
  ~GlWindow();
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;

  GLFWwindow* handle() const { return window_; }
  bool should_close() const;
  // Waits for input (at most `timeout` seconds; 0: just polls).
  void wait_events(double timeout);
  void set_title(const std::string& title);
  // The file last dropped on the window since the last call, if any (of
  // several dropped at once, the first).
  std::optional<std::string> take_dropped_file();

  // Starts an ImGui frame for the window's framebuffer.
  void begin_frame();
  // Renders the ImGui frame to the window and shows it.
  void end_frame_to_window();

  // Renders ImGui frames offscreen at `width` x `height` instead of the
  // window (headless screenshots and benchmarks).
  void use_offscreen(int width, int height);
  // Starts a frame of the offscreen size, with a frame time of `dt` seconds.
  void begin_offscreen_frame(float dt);
  // Renders the ImGui frame into the offscreen framebuffer and waits until
  // the GPU is done (so that timing it measures the whole frame).
  void end_offscreen_frame();
  // The offscreen framebuffer's pixels, RGBA, top row first.
  std::vector<std::uint8_t> read_pixels() const;
  int offscreen_width() const { return off_width_; }
  int offscreen_height() const { return off_height_; }

 private:
  GLFWwindow* window_ = nullptr;
  std::string ini_file_;  // ImGui keeps a pointer to it
  std::optional<std::string> dropped_;
  unsigned framebuffer_ = 0, color_ = 0;
  int off_width_ = 0, off_height_ = 0;
};

// Writes RGBA pixels (top row first) as a PNG file; crops to the rectangle
// (x, y, w, h) clamped to the image. Throws std::runtime_error on failure.
void write_png(const std::string& path, const std::vector<std::uint8_t>& rgba, int width,
               int height, int x, int y, int w, int h);

}  // namespace firedrill::viewer
