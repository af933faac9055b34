import { X } from '@app/database';
console.log('hello', X);
