#include "cli/app.h"

int main(int argc, char** argv) { return rtmchar::cli::run(argc, argv); }
