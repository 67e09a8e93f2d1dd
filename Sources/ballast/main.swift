import BallastCLI
