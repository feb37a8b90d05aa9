Console.WriteLine("Rollouts");
